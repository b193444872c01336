from __future__ import annotations

import json
import random
from pathlib import Path

import pysequoia
import pytest
from click.testing import CliRunner, Result

from seized.custody import GENESIS, CustodyLog, check_signatures, entry_hash, signed_bytes
from seized.errors import IntegrityError, UserError
from seized.signing import SigningKey, load_signing_key, load_trusted
from seized.synth.protect import protect
from tests.factories import write_csv_market


def _log(tmp_path: Path, n: int = 3) -> CustodyLog:
    log = CustodyLog(tmp_path / "custody.jsonl")
    for i in range(n):
        log.append(f"action{i}", actor="alice", inputs=[{"path": f"f{i}", "sha256": "ab" * 32}])
    return log


def _lines(log: CustodyLog) -> list[str]:
    return log.path.read_text(encoding="utf-8").splitlines()


def test_chain_links_each_entry_to_the_previous(tmp_path: Path) -> None:
    log = _log(tmp_path)
    entries = log.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS
    assert entries[1]["prev"] == entries[0]["hash"]
    assert all(entry_hash(e) == e["hash"] for e in entries)
    assert entries[0]["actor"] == "alice" and entries[0]["seized_version"]
    problems, count, last = log.check()
    assert problems == [] and count == 3 and last == entries[2]["hash"]


def test_edited_entry_is_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    entry = json.loads(lines[1])
    entry["actor"] = "mallory"
    lines[1] = json.dumps(entry, sort_keys=True)
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _, _ = log.check()
    assert [p.line for p in problems] == [2]
    assert "edited" in problems[0].problem


def test_reordered_entries_are_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    lines[0], lines[1] = lines[1], lines[0]
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _, _ = log.check()
    assert problems and {p.line for p in problems} >= {1}


def test_deleted_middle_entry_is_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    del lines[1]
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, count, _ = log.check()
    assert count == 2
    assert any("deleted" in p.problem for p in problems)


# -- signed entries -------------------------------------------------------------------------


def _signing(tmp_path: Path, name: str = "investigator") -> tuple[SigningKey, Path]:
    tsk = pysequoia.Tsk.generate(f"{name} <{name}@police.invalid>")
    secret, cert = tmp_path / f"{name}.key", tmp_path / f"{name}.asc"
    secret.write_text(str(tsk), encoding="utf-8")
    cert.write_text(str(tsk.extract_certificate()), encoding="utf-8")
    return load_signing_key(secret), cert


def test_a_signed_entry_names_its_signer_inside_the_hash(tmp_path: Path) -> None:
    key, cert = _signing(tmp_path)
    log = CustodyLog(tmp_path / "custody.jsonl")
    entry = log.append("add", actor="alice", key=key)
    assert entry["signer"] == key.fingerprint and entry["signature"]
    assert entry_hash(entry) == entry["hash"]  # the signature is outside the hash, the signer in
    trusted = load_trusted([cert])
    assert trusted.verify(signed_bytes(entry), entry["signature"]) == key.fingerprint
    checked = check_signatures(log.entries(), trusted)
    assert checked.signed == {key.fingerprint: 1} and not checked.problems


def test_a_signature_moved_to_another_entry_does_not_verify(tmp_path: Path) -> None:
    key, cert = _signing(tmp_path)
    log = CustodyLog(tmp_path / "custody.jsonl")
    first = log.append("add", actor="alice", key=key)
    log.append("ingest.raw", actor="alice", key=key)
    entries = log.entries()
    entries[1]["signature"] = first["signature"]
    checked = check_signatures(entries, load_trusted([cert]))
    assert [p.line for p in checked.problems] == [2]
    assert "does not match" in checked.problems[0].problem


def test_a_removed_signature_is_reported(tmp_path: Path) -> None:
    key, cert = _signing(tmp_path)
    log = CustodyLog(tmp_path / "custody.jsonl")
    log.append("add", actor="alice", key=key)
    entries = log.entries()
    del entries[0]["signature"]
    checked = check_signatures(entries, load_trusted([cert]))
    assert checked.unsigned == [1]
    assert "signature was removed" in checked.problems[0].problem


def test_a_protected_key_needs_its_passphrase(tmp_path: Path) -> None:
    tsk = pysequoia.Tsk.generate("agency <unit@police.invalid>")
    secret = tmp_path / "agency.key"
    secret.write_bytes(protect(bytes(tsk), "correct horse", random.Random(1)))
    with pytest.raises(UserError, match="protected"):
        load_signing_key(secret, prompt=False)
    with pytest.raises(UserError, match="wrong passphrase"):
        load_signing_key(secret, "wrong")
    assert load_signing_key(secret, "correct horse").fingerprint == str(
        tsk.extract_certificate().fingerprint
    )


def test_a_damaged_log_is_a_clear_error(tmp_path: Path) -> None:
    log = _log(tmp_path)
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write("{oops\n")
    with pytest.raises(IntegrityError, match=r"custody.jsonl:4: the custody log is damaged"):
        log.entries()


# -- the command line -------------------------------------------------------------------------


def _cli(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    from seized.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_verify_exit_codes_say_what_was_proved(tmp_path: Path) -> None:
    tsk = pysequoia.Tsk.generate("agency <unit@police.invalid>")
    keys = tmp_path / "keys"
    keys.mkdir()
    secret, cert = keys / "agency.key", keys / "agency.asc"
    secret.write_bytes(protect(bytes(tsk), "s3cret", random.Random(2)))
    cert.write_text(str(tsk.extract_certificate()), encoding="utf-8")
    (keys / "pass.txt").write_text("s3cret\n", encoding="utf-8")
    case = tmp_path / "case"
    made = _cli("init", case, "--signing-key", secret, "--passphrase-file", keys / "pass.txt")
    assert made.exit_code == 0, made.output
    assert "custody entries are signed by" in made.output
    env = {
        "SEIZED_SIGNING_KEY": str(secret),
        "SEIZED_SIGNING_PASSPHRASE_FILE": str(keys / "pass.txt"),
    }
    added = _cli("add", case, write_csv_market(tmp_path / "dump"), "--market", "mk", env=env)
    assert added.exit_code == 0, added.output
    refused = _cli("add", case, write_csv_market(tmp_path / "more"), "--market", "more",
                   env={"SEIZED_SIGNING_KEY": ""})  # fmt: skip
    assert refused.exit_code == 2 and "SEIZED_SIGNING_KEY" in refused.output

    unauthenticated = _cli("verify", case)
    assert unauthenticated.exit_code == 6, unauthenticated.output
    assert "CONSISTENT, NOT AUTHENTICATED" in unauthenticated.output
    assert _cli("verify", case, "--unsigned-ok").exit_code == 0
    signed = _cli("verify", case, "--cert", cert)
    assert signed.exit_code == 0, signed.output
    assert f"signed by a trusted key: {tsk.extract_certificate().fingerprint} (2)" in (
        signed.output
    )
    assert _cli("verify", case, env={"SEIZED_TRUSTED_CERTS": str(cert)}).exit_code == 0

    head = tmp_path / "head.asc"
    exported = _cli("custody", "export-head", case, "--out", head, env=env)
    assert exported.exit_code == 0, exported.output
    assert head.read_text().startswith("-----BEGIN PGP SIGNED MESSAGE-----")
    assert _cli("verify", case, "--cert", cert, "--anchor", head).exit_code == 0
    lines = (case / "custody.jsonl").read_text().splitlines()
    (case / "custody.jsonl").write_text(lines[0] + "\n")
    cut = _cli("verify", case, "--cert", cert, "--anchor", head)
    assert cut.exit_code == 4
    assert "entries were removed from the log's end" in cut.output


# -- symbolic links in evidence ---------------------------------------------------------------


def test_a_link_out_of_an_evidence_directory_is_refused(tmp_path: Path) -> None:
    from seized.case import Case
    from seized.errors import InputError
    from seized.register import add_evidence

    case = Case.init(tmp_path / "case")
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("id,username,role\n0,root,admin\n", encoding="utf-8")
    folder = write_csv_market(tmp_path / "dump")
    (folder / "staff.csv").symlink_to(secret)
    with pytest.raises(InputError, match="symbolic link") as caught:
        add_evidence(case, [folder], market="mk")
    assert caught.value.path == str(folder / "staff.csv")
    assert str(secret) in str(caught.value)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM evidence").fetchone() == (0,)


def test_a_link_planted_after_registration_is_not_ingested(tmp_path: Path) -> None:
    from seized.case import Case
    from seized.errors import InputError
    from seized.ingest.stage import IngestOptions, ingest_stage
    from seized.register import add_evidence
    from seized.verify import verify

    case = Case.init(tmp_path / "case")
    folder = write_csv_market(tmp_path / "dump")
    add_evidence(case, [folder], market="mk")
    secret = tmp_path / "passwd.csv"
    secret.write_text("id,username,role\n0,root,admin\n", encoding="utf-8")
    (folder / "staff.csv").symlink_to(secret)
    with pytest.raises(InputError, match="symbolic link"):
        ingest_stage(case, IngestOptions())
    report = verify(case)
    assert any("evidence #1" in p and "symbolic link" in p for p in report.problems)


def test_a_linked_dump_is_registered_under_the_link_with_its_market(tmp_path: Path) -> None:
    from seized.case import Case
    from seized.register import add_evidence

    case = Case.init(tmp_path / "case")
    store = tmp_path / "disk1" / "export-0042.csv"
    store.parent.mkdir()
    store.write_text("id,username,role\n1,ann,buyer\n", encoding="utf-8")
    link = tmp_path / "users.csv"
    link.symlink_to(store)
    (registered,) = add_evidence(case, [link], market="agora")
    assert registered.path == link and registered.market == "agora"
    entry = case.custody.entries()[-1]
    assert entry["details"]["link_target"] == str(store)
    assert entry["details"]["market"] == "agora"
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT path, name, market FROM evidence").fetchall() == [
            (str(link), "users.csv", "agora")
        ]


def test_market_for_something_that_is_no_dump_is_an_error(tmp_path: Path) -> None:
    from seized.case import Case
    from seized.register import add_evidence

    case = Case.init(tmp_path / "case")
    target = tmp_path / "passwd"
    target.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "market.sql"
    link.symlink_to(target)
    with pytest.raises(UserError, match=r"a link to .*passwd.*--market silkway cannot apply"):
        add_evidence(case, [link], market="silkway")


@pytest.mark.parametrize("point", ["before-append", "after-append"])
def test_evidence_killed_around_its_log_entry_is_logged_once(tmp_path: Path, point: str) -> None:
    """``seized add`` commits the evidence row, its digests and its custody entry together; a
    process killed before (or just after) the entry reaches the log leaves it pending, and the
    next command appends it once: verify is clean, the log holds one ``add`` entry."""
    import os
    import signal
    import subprocess
    import sys

    from seized.case import KILL_HOOK_ENV

    seized = [sys.executable, "-m", "seized.cli"]
    case = tmp_path / "case"
    subprocess.run([*seized, "init", str(case)], check=True, capture_output=True)
    folder = write_csv_market(tmp_path / "dump")
    killed = subprocess.run(
        [*seized, "add", str(case), str(folder), "--market", "mk"],
        capture_output=True,
        env={**os.environ, KILL_HOOK_ENV: f"{point}:add"},
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    verified = subprocess.run(
        [*seized, "verify", str(case), "--unsigned-ok"], capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    actions = [
        json.loads(line)["action"]
        for line in (case / "custody.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert actions.count("add") == 1, actions
