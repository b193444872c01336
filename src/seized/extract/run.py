"""The extract stage on a case: one transaction, checksums, custody entry."""

from __future__ import annotations

from datetime import UTC, datetime

from seized.case import Case
from seized.extract.stage import extract_stage
from seized.stages import StageResult, mark_done


def extract(case: Case, *, workers: int = 1) -> StageResult:
    result = StageResult("extract")
    started = datetime.now(UTC)
    with case.connect() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            counts = extract_stage(con, workers=workers)
            mark_done(con, "extract", "", "", counts, started)
            case.record_checksums(con, ["identifiers"])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        case.log("extract", outputs={"identifiers": sum(counts.values()), **counts}, con=con)
    result.counts = dict(counts)
    return result
