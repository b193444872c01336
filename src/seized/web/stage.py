"""The ``index`` stage: the search index of the workbench (`seized index CASE`).

It reads the tables the search covers; their checksums are its fingerprint, so it runs again
when a stage they come from changed them (and when the index folder is missing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seized.case import Case
from seized.stages import RUNTIME, Progress, StageResult
from seized.web.index import FOLDER, build_index, current

STAGE = "index"
#: bump when the documents change, so that existing indexes are rebuilt
FORMAT = 1


@dataclass
class IndexOptions:
    #: Build the index again even when nothing changed.
    force: bool = field(default=False, metadata=RUNTIME)
    #: (label, done, total) as each kind of document and the commit end
    progress: Progress | None = field(default=None, metadata=RUNTIME)


def index_stage(case: Case, options: IndexOptions | None = None) -> StageResult:
    """Build the search index of the case in ``CASE/index/``; safe to run again."""
    options = options or IndexOptions()
    root = case.root / FOLDER
    force = options.force or current(root) is None
    with case.stage(STAGE, options, extra={"format": FORMAT}, force=force) as run:
        if not run.skipped:
            counts = build_index(run.con, root, options.progress)
            run.counts = {"documents": sum(counts.values()), **counts}
            folder = current(root)
            run.outputs = {**counts, "generation": folder.name if folder else None}
    return run.result
