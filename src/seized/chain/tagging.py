"""Stages: `seized tags import` (tag packs as evidence) and tags from the seized wallet tables."""

from __future__ import annotations

from pathlib import Path

from seized.case import Case
from seized.chain.tagpack import TagWarning, load_tagpack, tags_from_market, write_tags
from seized.evidence import hash_evidence
from seized.register import add_evidence
from seized.stages import StageResult


def import_tagpacks(
    case: Case, paths: list[Path]
) -> tuple[StageResult, list[tuple[Path, TagWarning]]]:
    """Register each pack as evidence (once), then load its tags, one transaction per pack."""
    result = StageResult("tags.import")
    warnings: list[tuple[Path, TagWarning]] = []
    for path in paths:
        path = path.resolve()
        pack = load_tagpack(path)  # parse errors stop before anything is recorded
        sha, _, _ = hash_evidence(path)
        with case.connect() as con:
            row = con.execute(
                "SELECT evidence_id FROM evidence WHERE path = ? AND sha256 = ?", [str(path), sha]
            ).fetchone()
        evidence_id = int(row[0]) if row else add_evidence(case, [path])[0].evidence_id
        with case.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                count = write_tags(con, pack, evidence_id=evidence_id)
                case.record_checksums(con, ["tags"])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            case.log(
                "tags.import",
                inputs=[{"path": str(path), "sha256": sha, "evidence_id": evidence_id}],
                outputs={"tags": count},
                details={"tagpack": pack.title, "warnings": len(pack.warnings)},
                con=con,
            )
        result.counts[pack.title] = count
        warnings.extend((path, w) for w in pack.warnings)
    return result, warnings


def tag_market_addresses(case: Case) -> StageResult:
    """Tags for the deposit, withdrawal, refund, escrow and hot-wallet addresses of every market."""
    result = StageResult("tags.market")
    with case.connect() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            count = tags_from_market(con)
            case.record_checksums(con, ["tags"])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        case.log("tags.market", outputs={"tags": count}, con=con)
    result.counts["tags"] = count
    return result
