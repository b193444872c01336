"""Writing a package: what a killed run leaves is cleared by the next one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from seized.case import Case
from seized.export.manifest import verify_package
from seized.export.package import write_package

SRC = Path(__file__).resolve().parents[2] / "src"
DIE_AFTER_ZIP = """
import os, sys
from pathlib import Path
import seized.export.package as package
from seized.case import Case

zip_it = package._zip

def zip_then_die(folder, zip_path, top):
    zip_it(folder, zip_path, top)
    os._exit(9)  # killed: no finally, no cleanup

package._zip = zip_then_die
package.write_package(Case.open(Path(sys.argv[1])), "DE", Path(sys.argv[2]))
"""


def _partials(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".partial-" in p.name)


def test_a_killed_run_leaves_partials_that_the_next_run_removes(
    three_countries: Case, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "de"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    killed = subprocess.run(
        [sys.executable, "-c", DIE_AFTER_ZIP, str(three_countries.root), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == 9, killed.stderr
    left = _partials(out.parent)
    assert len(left) == 2 and not out.exists()  # the folder and the zip, both unfinished
    # a run that is still going (here: this test's own parent process) is left alone
    live = out.parent / f".de.partial-{os.getppid()}"
    live.mkdir()

    result = write_package(three_countries, "DE", out)
    assert _partials(out.parent) == [live.name]
    assert verify_package(result.zip_path, three_countries.root / "keys" / "case-cert.asc").ok
    entry = three_countries.custody.entries()[-1]
    assert sorted(entry["details"]["removed_stale"]) == left
