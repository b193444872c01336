"""Screenshots of the report and a dossier for the README: after ``seized demo demo`` and
``seized package demo/case --country PL --out demo/pl``, run
``PYTHONPATH=src python -m tests.export.screenshots demo/case demo/pl docs/img``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from seized.case import Case
from seized.export.report import write_report
from tests.export.browser import browser, chart_shots

FIGURES = {"fig-timeline": "report-timeline", "fig-sold": "report-sold",
           "fig-map": "report-map", "fig-graph": "report-graph"}  # fmt: skip


def main(case_dir: Path, package: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    report = write_report(Case.open(case_dir), package.parent / "report.html")
    dossier = sorted((package / "dossiers").glob("00*.html"))[0]
    with browser(width=1200, height=1000) as open_page:
        page = open_page(report)
        page.screenshot(path=str(out / "report.png"))
        for figure, (png, _, clipped) in chart_shots(page).items():
            assert not clipped, (figure, clipped)
            if figure in FIGURES:
                (out / f"{FIGURES[figure]}.png").write_bytes(png)
        open_page(dossier).screenshot(path=str(out / "dossier.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
