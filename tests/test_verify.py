"""`seized verify` against someone who can write the case directory: each test is an attack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pysequoia
import pytest

from seized.case import Case
from seized.custody import GENESIS, custody_head, entry_hash, head_text, signed_bytes
from seized.errors import UserError
from seized.ingest.stage import IngestOptions, ingest_map, ingest_stage
from seized.integrity import UNDIGESTED, digested_tables
from seized.register import add_evidence, set_mapping
from seized.signing import SigningKey, TrustedCerts, load_signing_key, load_trusted
from seized.verify import VerifyReport, verify
from tests.factories import write_csv_market

MAPPING = """\
mapping: 1
software: test-csv
tables:
  accounts:
    source: users
    select: |
      SELECT id AS native_id, username, role FROM users
"""


def _key(folder: Path, name: str) -> tuple[Path, Path]:
    """A secret key file and its certificate file, outside any case."""
    folder.mkdir(parents=True, exist_ok=True)
    tsk = pysequoia.Tsk.generate(f"{name} <{name}@police.invalid>")
    secret, cert = folder / f"{name}.key", folder / f"{name}.asc"
    secret.write_text(str(tsk), encoding="utf-8")
    cert.write_text(str(tsk.extract_certificate()), encoding="utf-8")
    return secret, cert


def _ingested(tmp_path: Path, key: SigningKey | None = None) -> Case:
    """A case with one CSV market loaded and mapped (3 accounts)."""
    case = Case.init(tmp_path / "case", actor="tester", signing_key=key)
    market = write_csv_market(tmp_path / "dump")
    add_evidence(case, [market], market="mk")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    set_mapping(case, "mk", str(mapping))
    ingest_stage(case, IngestOptions())
    return case


def _sql(case: Case, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with case.connect() as con:
        return con.execute(sql, params).fetchall()


def _problems(report: VerifyReport, text: str) -> list[str]:
    return [p for p in report.problems if text in p]


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> tuple[SigningKey, Path]:
    secret, cert = _key(tmp_path_factory.mktemp("keys"), "investigator")
    return load_signing_key(secret), cert


# -- 1. rows planted beside the raw tables -------------------------------------------------------


def test_a_parquet_file_planted_beside_a_raw_table_is_not_read_and_is_reported(
    tmp_path: Path,
) -> None:
    case = _ingested(tmp_path)
    folder = case.root / "raw" / "raw_mk" / "users"
    shutil.copy(folder / "e1.parquet", folder / "e99.parquet")  # doubles the table
    planted = pa.table(
        {"id": ["666"], "username": ["planted_vendor"], "role": ["vendor"], "_seized_pos": [1]}
    )
    pq.write_table(planted, folder / "e98.parquet")
    assert _sql(case, "SELECT count(*) FROM raw_mk.users") == [(3,)]
    assert _sql(case, "SELECT count(*) FROM raw_mk.users WHERE username = 'planted_vendor'") == [
        (0,)
    ]
    report = verify(case)
    assert _problems(report, "unknown file raw/raw_mk/users/e99.parquet")
    assert _problems(report, "unknown file raw/raw_mk/users/e98.parquet")
    # the mapping reads the raw tables in its own sandbox: not the planted files either
    assert not ingest_map(case, "mk", IngestOptions(force=True)).skipped
    assert _sql(case, "SELECT count(*), count(*) FILTER (username = 'planted_vendor') "
                      "FROM accounts") == [(3, 0)]  # fmt: skip


def test_a_raw_view_rewritten_to_read_other_files_is_reported(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    _sql(
        case,
        "CREATE OR REPLACE VIEW raw_mk.users AS "
        "SELECT * FROM read_parquet('raw/raw_mk/users/*.parquet')",
    )
    assert _problems(verify(case), "view raw_mk.users does not read the raw table's recorded")


def test_objects_seized_did_not_create_are_reported(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    with case.connect() as con:
        con.execute("CREATE SCHEMA evil")
        con.execute("CREATE TABLE raw_mk.planted AS SELECT 1 AS x")
        con.execute("CREATE VIEW main.vendors_all AS SELECT * FROM accounts")
        con.execute("CREATE MACRO role_of(x) AS 'vendor'")
        con.execute("CREATE SEQUENCE counter")
        con.execute("ALTER TABLE accounts ADD COLUMN note VARCHAR")
    report = verify(case)
    for text in (
        "unknown schema evil",
        "unknown table raw_mk.planted",
        "unknown view main.vendors_all",
        "unknown macro main.role_of",
        "unknown sequence main.counter",
        "table main.accounts was altered",
    ):
        assert _problems(report, text), (text, report.problems)


def test_a_clean_case_is_consistent(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    report = verify(case)
    assert report.ok, report.problems
    assert not report.authenticated  # no trusted certificate: it cannot vouch for anything
    assert report.warnings and "only that the case is consistent" in report.warnings[0]
    assert report.tables_checked == len(digested_tables_of(case))
    assert report.stages_checked == 2 and report.raw_files_checked == 1


def digested_tables_of(case: Case) -> list[str]:
    with case.connect(read_only=True) as con:
        return digested_tables(con)


# -- 2. tables changed with their checksums recomputed -------------------------------------------


def test_update_accounts_with_the_checksums_recomputed_is_reported(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    with case.connect() as con:
        con.execute("UPDATE accounts SET role = 'staff' WHERE native_id = '1'")
        case.record_checksums(con, ["accounts"])  # what an attacker with seized installed can do
    assert _problems(verify(case), "table accounts changed outside seized")


_TEN = ["link_edges", "money_flows", "cluster_labels", "coinjoins", "change_outputs",
        "cluster_conflicts", "link_exclusions", "link_overrides", "pgp_secrets",
        "meta.stages"]  # fmt: skip


def _literal(kind: str) -> str:
    kind = kind.upper()
    if kind.endswith("[]"):
        return f"[{_literal(kind[:-2])}]"
    for prefix, value in (("VARCHAR", "'x'"), ("JSON", "'{}'"), ("BOOLEAN", "true"),
                          ("TIMESTAMP", "now()::TIMESTAMP"), ("DATE", "current_date"),
                          ("BLOB", "'x'::BLOB"), ("DOUBLE", "1.5"), ("DECIMAL", "1"),
                          ("FLOAT", "1.5")):  # fmt: skip
        if kind.startswith(prefix):
            return value
    return "1"


@pytest.mark.parametrize("table", _TEN)
def test_every_analysis_table_is_protected(tmp_path: Path, table: str) -> None:
    case = _ingested(tmp_path)
    schema, _, name = table.rpartition(".")
    with case.connect() as con:
        kinds = con.execute(
            "SELECT data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
            "ORDER BY column_index",
            [schema or "main", name],
        ).fetchall()
        values = ", ".join(_literal(str(k[0])) for k in kinds)
        con.execute(f"INSERT INTO {table} VALUES ({values})")
        con.execute("DELETE FROM meta.checksums")
    assert _problems(verify(case), f"table {table} changed outside seized")


def test_every_table_but_the_logs_own_is_digested(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "case")
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        names = {name if schema == "main" else f"{schema}.{name}" for schema, name in rows}
        digested = set(digested_tables(con))
    assert names - digested == set(UNDIGESTED)
    assert set(case.custody.entries()[0]["tables"]) == digested  # the init entry: all, empty


# -- 2. the custody log forged ----------------------------------------------------------------


def _rewrite(case: Case, change: Any) -> None:
    """Change the log's entries, chain them again and record the new head: what anyone with
    write access to the case directory can do."""
    entries = case.custody.entries()
    entries = change(entries)
    prev = GENESIS
    for number, entry in enumerate(entries, start=1):
        entry["seq"], entry["prev"] = number, prev
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
    case.custody.path.write_text(
        "".join(json.dumps(e, sort_keys=True) + "\n" for e in entries), encoding="utf-8"
    )
    with case.connect() as con:
        con.execute("UPDATE meta.custody_head SET entries = ?, last_hash = ?", [len(entries), prev])


def _edit(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries[1]["actor"] = "mallory"
    return entries


def _reorder(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries[1], entries[2] = entries[2], entries[1]
    return entries


def _delete(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return entries[:2] + entries[3:]


def _append(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    extra = dict(entries[-1], action="add", details={"note": "planted"})
    extra.pop("signature", None)
    extra.pop("signer", None)
    return [*entries, extra]


@pytest.mark.parametrize("change", [_edit, _reorder, _delete, _append])
def test_a_rechained_log_passes_only_as_unauthenticated_and_fails_against_the_cert(
    tmp_path: Path, signer: tuple[SigningKey, Path], change: Any
) -> None:
    key, cert = signer
    case = _ingested(tmp_path, key)
    _rewrite(case, change)
    plain = verify(case)
    assert not plain.authenticated
    report = verify(case, trusted=load_trusted([cert]))
    assert not report.ok
    assert _problems(report, "custody entry"), report.problems


def test_entries_signed_with_the_case_key_do_not_count(
    tmp_path: Path, signer: tuple[SigningKey, Path]
) -> None:
    key, cert = signer
    case = _ingested(tmp_path, key)
    own = load_signing_key(case.root / "keys" / "case-key.asc")  # readable by any intruder
    entries = case.custody.entries()
    forged = dict(entries[-1])
    forged["signer"] = own.fingerprint
    forged["hash"] = entry_hash(forged)
    forged["signature"] = own.sign(signed_bytes(forged))
    _rewrite(case, lambda e: [*e[:-1], forged])
    report = verify(case, trusted=load_trusted([cert]))
    assert _problems(
        report, f"signed by a key that no trusted certificate holds ({own.fingerprint}"
    )
    with pytest.raises(UserError, match="inside the case directory"):
        load_trusted([case.root / "keys" / "case-cert.asc"], case_root=case.root)


def test_a_signed_case_verifies_against_its_certificate(
    tmp_path: Path, signer: tuple[SigningKey, Path]
) -> None:
    key, cert = signer
    case = _ingested(tmp_path, key)
    entries = case.custody.entries()
    assert all(e["signer"] == key.fingerprint and e["signature"] for e in entries)
    report = verify(case, trusted=load_trusted([cert]))
    assert report.ok, report.problems
    assert report.authenticated and report.signed_by == {key.fingerprint: len(entries)}


def test_unsigned_entries_fail_against_a_cert_unless_accepted(
    tmp_path: Path, signer: tuple[SigningKey, Path]
) -> None:
    _, cert = signer
    case = _ingested(tmp_path)  # no signing key
    trusted = load_trusted([cert])
    report = verify(case, trusted=trusted)
    assert _problems(report, f"custody entries 1-{report.log_entries} are not signed")
    lenient = verify(case, trusted=trusted, unsigned_ok=True)
    assert lenient.ok and not lenient.authenticated


def test_a_signed_case_refuses_to_log_without_its_key(
    tmp_path: Path, signer: tuple[SigningKey, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, _ = signer
    case = _ingested(tmp_path, key)
    monkeypatch.delenv("SEIZED_SIGNING_KEY", raising=False)
    again = Case.open(case.root)
    before = len(again.custody.entries())
    with pytest.raises(UserError, match="SEIZED_SIGNING_KEY"):
        add_evidence(again, [write_csv_market(tmp_path / "more")], market="more")
    assert len(again.custody.entries()) == before
    assert _sql(again, "SELECT count(*) FROM evidence") == [(1,)]


def test_a_signing_key_inside_the_case_is_refused(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "case")
    secret, _ = _key(case.root / "keys" / "mine", "investigator")
    with pytest.raises(UserError, match="inside the case directory"):
        load_signing_key(secret, case_root=case.root)


# -- 2. the head kept elsewhere --------------------------------------------------------------


def test_a_log_cut_back_is_caught_by_an_exported_head(
    tmp_path: Path, signer: tuple[SigningKey, Path]
) -> None:
    key, cert = signer
    case = _ingested(tmp_path, key)
    anchor = tmp_path / "head.asc"
    anchor.write_text(head_text(custody_head(case), key), encoding="utf-8")
    trusted = load_trusted([cert])
    assert verify(case, trusted=trusted, anchors=[anchor]).authenticated
    # the last stage's entry and its traces removed: every remaining entry is validly signed
    _rewrite(case, lambda e: e[:-1])
    with case.connect() as con:
        con.execute("DELETE FROM meta.stages WHERE stage = 'ingest.map'")
    report = verify(case, trusted=trusted, anchors=[anchor])
    assert _problems(report, "entries were removed from the log's end since the head")
    forged = tmp_path / "forged.asc"
    forged.write_text(anchor.read_text().replace('"entries": ', '"entries": 1'), encoding="utf-8")
    assert _problems(verify(case, trusted=trusted, anchors=[forged]), "not trusted")


def test_custody_head_names_the_log(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "case")
    head = custody_head(case)
    entries = case.custody.entries()
    assert head["entries"] == len(entries) and head["last_hash"] == entries[-1]["hash"]
    assert head["case"] == "case" and head["format"] == "seized-custody-head/1"


# -- 3. stages done without their custody entry ----------------------------------------------


def test_a_stage_marked_done_without_a_custody_entry_is_reported(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    with case.connect() as con:
        con.execute("INSERT INTO meta.stages VALUES ('link', '', 'done', 'x', now(), now(), '{}')")
        case.record_checksums(con, ["meta.stages"])
    case.log("note", details={"why": "make the tables look logged"})
    assert _problems(verify(case), "stage link is marked done")


def test_a_committed_entry_not_yet_logged_is_reported(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    with case.connect() as con:
        con.execute(
            "INSERT INTO meta.custody_pending VALUES (1, 'tester', 'link', ?, now())",
            [json.dumps({"inputs": [], "outputs": {}, "details": {}})],
        )
    assert _problems(verify(case), "not in the custody log yet")


def test_trusted_certs_must_be_certificates(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-cert.asc"
    bad.write_text("hello\n", encoding="utf-8")
    with pytest.raises(UserError, match="not an OpenPGP certificate"):
        load_trusted([bad])
    assert not TrustedCerts({}, {})


def test_a_damaged_log_line_is_reported_not_raised(tmp_path: Path) -> None:
    case = _ingested(tmp_path)
    with case.custody.path.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    report = verify(case)
    assert _problems(report, "not valid JSON")


def test_checksums_in_the_store_are_not_what_verify_trusts(tmp_path: Path) -> None:
    """The digests in meta.checksums are a cache: verify compares with the log."""
    case = _ingested(tmp_path)
    with case.connect() as con:
        con.execute("DELETE FROM accounts")
        con.execute("DELETE FROM meta.checksums")
    assert _problems(verify(case), "table accounts changed outside seized")


# -- the JSON form ---------------------------------------------------------------------------


def _verify_json(*args: str) -> tuple[int, dict[str, Any], str]:
    from click.testing import CliRunner

    from seized.cli import cli

    done = CliRunner().invoke(cli, ["verify", *args, "--format", "json"])
    return done.exit_code, json.loads(done.stdout), done.stderr


def test_verify_json_has_the_verdict_counts_and_head(
    tmp_path: Path, signer: tuple[SigningKey, Path]
) -> None:
    key, cert = signer
    case = _ingested(tmp_path, key)
    code, result, _ = _verify_json(str(case.root), "--cert", str(cert))
    assert code == 0 and result["ok"] and result["authenticated"], result
    count = len(case.custody.entries())
    assert result["problems"] == [] and result["signed_by"] == {key.fingerprint: count}
    checked = result["checked"]
    assert checked["custody_entries"] == count and checked["evidence"] == 1
    assert checked["tables"] > 0 and checked["raw_files"] > 0 and checked["objects"] > 0
    head = custody_head(case)
    assert {k: v for k, v in result["custody_head"].items() if k != "exported_at"} == {
        k: v for k, v in head.items() if k != "exported_at"
    }


def test_verify_json_keeps_the_exit_codes(tmp_path: Path) -> None:
    case = _ingested(tmp_path)  # no signing key
    code, result, _ = _verify_json(str(case.root))
    assert code == 6 and not result["ok"] and result["consistent"], result
    assert result["warnings"] and not result["authenticated"]
    code, result, _ = _verify_json(str(case.root), "--unsigned-ok")
    assert code == 0 and result["ok"]
    with case.connect() as con:
        con.execute("UPDATE accounts SET username = 'someone else'")
    code, result, stderr = _verify_json(str(case.root), "--unsigned-ok")
    assert code == 4 and not result["ok"] and not result["consistent"]
    assert any("table accounts changed outside seized" in p for p in result["problems"])
    assert "Traceback" not in stderr


def test_verify_shows_its_checks_when_asked(tmp_path: Path) -> None:
    from seized.verify import CHECKS

    case = _ingested(tmp_path)
    code, result, stderr = _verify_json(str(case.root), "--unsigned-ok", "--progress", "plain")
    assert code == 0 and result["ok"]  # stdout holds the result alone
    ended = [line.split(":")[1].strip() for line in stderr.splitlines() if "1 of 1" in line]
    assert ended == list(CHECKS)
