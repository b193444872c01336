"""The extract stage on a case: one transaction, checksums, custody entry; skipped when the
texts it reads have not changed since it last ran."""

from __future__ import annotations

from datetime import UTC, datetime

from seized.case import Case
from seized.extract.stage import extract_stage
from seized.stages import StageResult, inputs_fingerprint, is_done, mark_done

#: The tables whose texts are searched (see seized.extract.stage.SOURCES).
INPUTS = ("accounts", "listings", "messages", "orders", "feedback")


def extract(case: Case, *, workers: int = 2, force: bool = False) -> StageResult:
    result = StageResult("extract")
    started = datetime.now(UTC)
    with case.connect() as con:
        fingerprint = inputs_fingerprint(con, INPUTS)
        if not force and is_done(con, "extract", "", fingerprint):
            result.skipped = True
            result.messages.append("extract: the texts are unchanged, nothing to do")
            return result
        con.execute("BEGIN TRANSACTION")
        try:
            counts = extract_stage(con, workers=workers)
            mark_done(con, "extract", "", fingerprint, counts, started)
            case.record_checksums(con, ["identifiers"])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        case.log("extract", outputs={"identifiers": sum(counts.values()), **counts}, con=con)
    result.counts = dict(counts)
    return result
