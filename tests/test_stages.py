"""The stage contract: the declaration of stages, and what Case.stage records."""

from __future__ import annotations

import inspect
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from seized.case import Case
from seized.model import CANONICAL_TABLES
from seized.stages import RUNTIME, STAGES, StageResult, run_stage, stage
from seized.verify import verify


def test_every_stage_follows_the_contract() -> None:
    for declared in STAGES:
        function, options = declared.load()
        module, _, name = declared.function.partition(":")
        assert module.endswith(".stage"), declared  # in its package's stage.py
        assert name.endswith("_stage"), declared
        params = list(inspect.signature(function).parameters)
        assert params == ["case", "options"], (declared.name, params)
        options()  # every option has a default


def test_stages_come_after_what_they_need() -> None:
    seen: set[str] = set()
    for declared in STAGES:
        assert set(declared.after) <= seen, declared.name
        seen.add(declared.name)


def test_declared_tables_exist(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    with case.connect(read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for declared in STAGES:
        assert set(declared.reads) | set(declared.writes) <= tables, declared.name


def test_unknown_stage_is_a_clear_error(tmp_path: Path) -> None:
    from seized.errors import UserError

    with pytest.raises(UserError, match="no stage 'extrakt'"):
        stage("extrakt")
    case = Case.init(tmp_path / "c")
    with pytest.raises(TypeError, match="ExtractOptions"):
        run_stage(case, "extract", object())


@dataclass
class _Options:
    value: int = 1
    force: bool = field(default=False, metadata=RUNTIME)


def _count(case: Case, action: str) -> int:
    return sum(1 for e in case.custody.entries() if e["action"] == action)


def _run(case: Case, options: _Options, *, fail: bool = False) -> StageResult:
    with case.stage("probe", options, reads=("accounts",)) as run:
        if not run.skipped:
            run.con.execute("CREATE TEMP TABLE IF NOT EXISTS probe_out (x INTEGER)")
            run.con.execute("INSERT INTO probe_out VALUES (?)", [options.value])
            run.counts = {"rows": options.value}
            if fail:
                raise RuntimeError("killed")
    return run.result


def test_stage_records_times_counts_and_custody(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    result = _run(case, _Options(value=3))
    assert not result.skipped and result.counts == {"rows": 3}
    assert result.started_at is not None and result.finished_at is not None
    assert result.started_at <= result.finished_at
    with case.connect(read_only=True) as con:
        row = con.execute(
            "SELECT started_at, finished_at, result FROM meta.stages WHERE stage = 'probe'"
        ).fetchone()
        pending = con.execute("SELECT count(*) FROM meta.custody_pending").fetchone()
    assert row is not None and json.loads(row[2]) == {"rows": 3}
    assert row[0] < row[1]  # the real finish, not the transaction's start
    assert pending == (0,)
    entry = case.custody.entries()[-1]
    assert entry["action"] == "probe"
    assert entry["outputs"] == {"rows": 3}
    assert entry["details"]["options"] == {"value": 3}  # runtime fields left out
    assert verify(case).ok


def test_stage_skips_when_inputs_are_unchanged(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    _run(case, _Options())
    again = _run(case, _Options(force=False))
    assert again.skipped and again.counts == {"rows": 1}
    assert _count(case, "probe") == 1
    assert not _run(case, _Options(value=2)).skipped  # other options: runs again
    assert not _run(case, _Options(value=2, force=True)).skipped
    with case.connect() as con:
        con.execute(
            "INSERT INTO accounts (account_id, market_id, native_id) VALUES ('m:1', 'm', '1')"
        )
    assert not _run(case, _Options(value=2)).skipped  # a table it reads changed
    assert _count(case, "probe") == 4


def test_a_failed_stage_leaves_nothing(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    entries = len(case.custody.entries())
    with pytest.raises(RuntimeError):
        _run(case, _Options(), fail=True)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM meta.stages").fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM meta.checksums WHERE table_name = 'probe'"
        ).fetchone() == (0,)
    assert len(case.custody.entries()) == entries


def test_a_crash_after_the_commit_loses_no_custody_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed between the commit and the append to the log: the entry was committed with the
    stage's work and is appended when the case is opened next."""
    case = Case.init(tmp_path / "c")

    def killed(self: Case, con: duckdb.DuckDBPyConnection) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Case, "append_pending", killed)
    with pytest.raises(KeyboardInterrupt):
        _run(case, _Options(value=7))
    monkeypatch.undo()
    assert _count(case, "probe") == 0
    report = verify(case)
    assert not report.ok and any("custody" in p for p in report.problems)
    reopened = Case.open(case.root)
    assert _count(reopened, "probe") == 1
    assert reopened.custody.entries()[-1]["outputs"] == {"rows": 7}
    assert verify(reopened).ok
    assert _run(reopened, _Options(value=7)).skipped


def test_a_crash_after_the_append_does_not_log_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case.init(tmp_path / "c")
    original = Case.append_pending

    def append_then_die(self: Case, con: duckdb.DuckDBPyConnection) -> None:
        """Appends the entries to the log, then dies before their pending rows go."""
        for actor, action, text in con.execute(
            "SELECT actor, action, entry FROM meta.custody_pending"
        ).fetchall():
            body = json.loads(text)
            self.custody.append(action, actor=actor, outputs=body["outputs"],
                                inputs=body["inputs"], details=body["details"],
                                tables=body["tables"])  # fmt: skip
        raise KeyboardInterrupt

    monkeypatch.setattr(Case, "append_pending", append_then_die)
    with pytest.raises(KeyboardInterrupt):
        _run(case, _Options(value=5))
    monkeypatch.setattr(Case, "append_pending", original)
    reopened = Case.open(case.root)
    assert _count(reopened, "probe") == 1
    assert verify(reopened).ok


def test_canonical_tables_are_declared_somewhere() -> None:
    written = {t for s in STAGES for t in s.writes}
    assert written <= set(CANONICAL_TABLES) | {
        "pgp_blobs", "link_edges", "link_exclusions", "cluster_labels", "coinjoins",
        "money_flows", "listing_products", "economics", "economics_monthly",
        "country_evidence",
    }  # fmt: skip


def test_connections_have_a_bounded_memory_and_spill_in_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case.init(tmp_path / "c")
    monkeypatch.setenv("SEIZED_MEMORY_LIMIT", "300MB")
    with case.connect(read_only=True) as con:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
        spill = con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert limit is not None and limit[0].replace(" ", "") in {"286.1MiB", "300.0MB"}
    assert spill == (str(case.root / "tmp"),)
    monkeypatch.setenv("SEIZED_MEMORY_LIMIT", "lots")
    from seized.errors import SeizedError

    with pytest.raises(SeizedError, match="SEIZED_MEMORY_LIMIT"), case.connect():
        pass


def _add_account(case: Case, native_id: str) -> dict[str, object]:
    """A stage that adds one account; its custody entry's table digests."""
    with case.stage("probe", _Options(), reads=("accounts",), force=True) as run:
        run.con.execute(
            "INSERT INTO accounts (account_id, market_id, native_id) VALUES (?, 'm', ?)",
            [f"m:{native_id}", native_id],
        )
    return dict(case.custody.entries()[-1]["tables"])


def test_a_stage_starts_from_the_checksums_the_last_one_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import seized.case

    read: list[list[str]] = []
    quick = seized.case.quick_checksums

    def counted(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, object]:
        read.append(list(tables))
        return dict(quick(con, tables))

    monkeypatch.setattr(seized.case, "quick_checksums", counted)
    case = Case.init(tmp_path / "c")
    _add_account(case, "1")
    assert read[0] and "accounts" in read[0]  # the first stage reads every table, twice
    read.clear()
    assert set(_add_account(case, "2")) == {"accounts", "meta.stages"}
    assert read[0] == []  # the second starts from what the first left
    read.clear()
    with case.connect(read_only=True) as con:  # reading changes nothing
        con.execute("SELECT count(*) FROM accounts").fetchall()
    _add_account(case, "3")
    assert read[0] == []
    read.clear()
    with case.connect() as con:  # writing does
        con.execute("UPDATE markets SET name = 'changed' WHERE false")
        con.execute("CREATE TABLE main.scratch (x INTEGER)")
        con.execute("DROP TABLE main.scratch")
    _add_account(case, "4")
    assert "accounts" in read[0]
    assert verify(case).ok


def test_a_change_between_two_stages_is_not_taken_into_the_next_entry(
    tmp_path: Path,
) -> None:
    case = Case.init(tmp_path / "c")
    _add_account(case, "1")
    store = case.store_path
    before = store.stat()
    con = duckdb.connect(str(store))  # outside seized, then the file's times set back
    con.execute("INSERT INTO markets VALUES ('forged', 'forged', NULL, NULL, NULL, 'forged')")
    con.close()
    os.utime(store, ns=(before.st_atime_ns, before.st_mtime_ns))
    tables = _add_account(case, "2")
    # the stage that ran next carries its own change, not the forged row: verify finds that
    assert set(tables) == {"accounts", "meta.stages"}
    report = verify(case)
    assert not report.ok
    assert "markets" in str(report.problems)


def test_setting_the_store_files_times_back_is_noticed(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "c")
    state = case._store_state()
    info = case.store_path.stat()
    time.sleep(0.05)  # past the file system's clock tick
    os.utime(case.store_path, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same times again
    assert case._store_state() != state  # its change time moved: it cannot be set back
