"""The front-end libraries the workbench serves, vendored from the npm registry.

``make vendor`` (``python -m seized.web.vendor``) fetches each package with ``npm pack``, copies
the files the pages use into ``static/vendor/`` and writes ``static/vendor/MANIFEST.json`` with
each file's package, version, licence and SHA-256. The files are committed; the test suite checks
them against the manifest (:func:`check`), so a changed byte fails the tests.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str
    #: file in the npm tarball -> name under static/vendor/
    files: dict[str, str]


PACKAGES = (
    Package(
        "cytoscape",
        "3.35.0",
        "MIT",
        {"dist/cytoscape.min.js": "cytoscape.min.js", "LICENSE": "cytoscape.LICENSE.txt"},
    ),
    Package(
        "topojson-client",
        "3.1.0",
        "ISC",
        {
            "dist/topojson-client.min.js": "topojson-client.min.js",
            "LICENSE": "topojson-client.LICENSE.txt",
        },
    ),
    Package(
        # Natural Earth's country outlines (public domain) as TopoJSON, 1:110m
        "world-atlas",
        "2.0.2",
        "ISC",
        {"countries-110m.json": "countries-110m.json", "LICENSE": "world-atlas.LICENSE.txt"},
    ),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(out: Path = VENDOR) -> dict[str, dict[str, str]]:
    """Fetch every package with ``npm pack``, copy its files to ``out`` and write the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as work:
        for package in PACKAGES:
            spec = f"{package.name}@{package.version}"
            done = subprocess.run(
                ["npm", "pack", "--silent", spec],
                cwd=work,
                check=True,
                capture_output=True,
                text=True,
            )
            tarball = Path(work) / done.stdout.strip().splitlines()[-1]
            with tarfile.open(tarball, "r:gz") as tar:
                for inner, name in package.files.items():
                    member = tar.extractfile(f"package/{inner}")
                    if member is None:
                        raise SystemExit(f"{spec}: no file {inner}")
                    (out / name).write_bytes(member.read())
                    manifest[name] = {
                        "package": package.name,
                        "version": package.version,
                        "licence": package.licence,
                        "source": f"npm {spec} {inner}",
                        "sha256": sha256(out / name),
                    }
    (out / MANIFEST.name).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def check(folder: Path = VENDOR) -> list[str]:
    """Problems with the vendored files: missing, changed, or not in the manifest."""
    manifest = json.loads((folder / MANIFEST.name).read_text(encoding="utf-8"))
    problems = []
    for name, entry in sorted(manifest.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256(path) != entry["sha256"]:
            problems.append(f"{name}: SHA-256 {sha256(path)}, manifest {entry['sha256']}")
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST.name and path.name not in manifest:
            problems.append(f"{path.name}: not in the manifest")
    return problems


if __name__ == "__main__":
    for name, entry in fetch().items():
        print(f"{name}: {entry['source']} ({entry['licence']}) {entry['sha256']}")
    sys.exit(0)
