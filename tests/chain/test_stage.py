"""The chain stages on a case: chain data is evidence, hashed and logged before it is read."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from seized.case import Case
from seized.chain.blk import iter_blk_file
from seized.chain.stage import ChainAddOptions, chain_add_stage
from seized.verify import verify


def test_chain_files_are_registered_and_hashed_in_custody(tmp_path: Path, blocks_dir: Path) -> None:
    blk = tmp_path / "blocks" / "blk00000.dat"
    blk.parent.mkdir()
    shutil.copy(blocks_dir / "blk-1-255.dat", blk)
    case = Case.init(tmp_path / "case")
    result = chain_add_stage(case, ChainAddOptions(sources=[blk]))
    assert result.counts["blocks_loaded"] == 255
    sha = hashlib.sha256(blk.read_bytes()).hexdigest()
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT path, sha256, kind FROM evidence").fetchall()
    assert rows == [(str(blk), sha, "chain")]
    entry = [e for e in case.custody.entries() if e["action"] == "chain.add"][-1]
    assert entry["inputs"][0]["sha256"] == sha
    assert verify(case).ok
    # loading it again changes nothing; a changed file is noticed by verify
    assert chain_add_stage(case, ChainAddOptions(sources=[blk])).parts[0].skipped
    with blk.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00")
    assert any("content changed" in p for p in verify(case).problems)


def test_progress_tells_the_bytes_of_block_files_read(tmp_path: Path, blocks_dir: Path) -> None:
    """Bytes read of the files' total, rising to it once at the end; the same load as without."""
    blocks = tmp_path / "blocks"
    blocks.mkdir()
    shutil.copy(blocks_dir / "blk-1-255.dat", blocks / "blk00000.dat")
    shutil.copy(blocks_dir / "blk-0-438.dat", blocks / "blk00001.dat")
    total = sum(p.stat().st_size for p in blocks.iterdir())
    seen: list[tuple[str, int, int]] = []
    told = chain_add_stage(
        Case.init(tmp_path / "told"),
        ChainAddOptions(sources=[blocks], progress=lambda *args: seen.append(args)),
    )
    quiet = chain_add_stage(Case.init(tmp_path / "quiet"), ChainAddOptions(sources=[blocks]))
    first = sum(1 for _ in iter_blk_file(blocks / "blk00000.dat"))
    assert told.counts == quiet.counts and told.counts["blocks_read"] == 694
    assert {label for label, _, _ in seen} == {"chain add: block files"}
    done = [d for _, d, t in seen if t == total]
    assert len(done) == len(seen) == 2 + 694
    assert done == sorted(done) and done[0] == 0 and done.count(total) == 1 and done[-1] == total
    assert done[first] == (blocks / "blk00000.dat").stat().st_size  # the first file's last block
