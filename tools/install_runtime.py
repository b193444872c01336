"""Install seized and its runtime dependencies into the virtual environment that runs this script.

PyICU, which followthemoney needs through rigour and normality, is published as source only and
takes about two minutes to compile on one core. A plain `pip install -e .` fetches everything
first, then compiles PyICU, then installs the rest. Here PyICU compiles on one core while the
other fetches and installs every other dependency, which saves most of a minute on a fresh machine.

Run by `make` as `.venv/bin/python tools/install_runtime.py`; it uses only the standard library.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
COMPILED = "pyicu"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return canonical(match.group(0)) if match else ""


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    compiled = [d for d in project["dependencies"] if requirement_name(d) == COMPILED]
    compiling = subprocess.Popen([*PIP, "install", "--no-compile", *compiled]) if compiled else None

    try:
        install_the_rest(project)
    except subprocess.CalledProcessError as exc:
        if compiling is not None:
            compiling.terminate()
        print(f"pip failed ({exc.returncode}): {' '.join(exc.cmd[3:])}", file=sys.stderr)
        return 1
    if compiling is not None and compiling.wait() != 0:
        print(
            "PyICU did not compile. It needs a C++ compiler, pkg-config and the ICU headers "
            "(Debian: apt-get install g++ pkg-config libicu-dev).",
            file=sys.stderr,
        )
        return 1
    # every requirement met? If the plan missed something, a full install adds it
    if subprocess.run([*PIP, "check"], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run([*PIP, "install", "--no-compile", "-e", str(ROOT)], check=True)
    return 0


def install_the_rest(project: dict[str, object]) -> None:
    """Everything but the compiled package, resolved without compiling (its metadata is cheap)."""
    plan = Path(sys.prefix) / "install-plan.json"
    subprocess.run(
        [
            *PIP,
            "install",
            "--dry-run",
            "--ignore-installed",
            "--report",
            str(plan),
            "-e",
            str(ROOT),
        ],
        check=True,
    )
    pinned = [
        f"{item['metadata']['name']}=={item['metadata']['version']}"
        for item in json.loads(plan.read_text("utf-8"))["install"]
        if canonical(item["metadata"]["name"]) not in {COMPILED, canonical(str(project["name"]))}
    ]
    subprocess.run(
        [*PIP, "install", "--no-compile", "--no-deps", *pinned, "-e", str(ROOT)], check=True
    )


if __name__ == "__main__":
    sys.exit(main())
