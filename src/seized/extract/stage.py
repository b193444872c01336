"""The extract stage (`seized extract`): identifiers in every text of the case, with provenance.

Skipped when the texts it reads are unchanged since it last ran; one transaction otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from seized.case import Case
from seized.extract.tables import fill_identifiers
from seized.stages import RUNTIME, StageResult

STAGE = "extract"


@dataclass
class ExtractOptions:
    workers: int = field(default=2, metadata=RUNTIME)
    force: bool = field(default=False, metadata=RUNTIME)
    progress: Callable[[str, int, int], None] | None = field(default=None, metadata=RUNTIME)


def extract_stage(case: Case, options: ExtractOptions | None = None) -> StageResult:
    """Fill ``identifiers`` from every text column of the canonical tables."""
    options = options or ExtractOptions()
    with case.stage(STAGE, options) as run:
        if not run.skipped:
            counts = fill_identifiers(run.con, workers=options.workers, progress=options.progress)
            run.counts = counts
            run.outputs = {"identifiers": sum(counts.values()), **counts}
            run.checksums = ["identifiers"]
    return run.result
