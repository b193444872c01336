"""Users (Argon2id), sessions (expiry, logout), logins (lockout) and the users commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.case import Case
from seized.cli import cli
from seized.errors import InputError, UserError
from seized.web import users
from seized.web.store import Store
from tests.factories import new_case
from tests.web.conftest import PASSWORD, login


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(new_case(tmp_path).root)


def test_passwords_are_argon2id_hashes(store: Store) -> None:
    users.add_user(
        store, "anna", agency="BKA", countries="de, at", role="analyst", password=PASSWORD
    )
    with store.connect() as con:
        stored = con.execute("SELECT password_hash, countries FROM users").fetchone()
    assert stored[0].startswith("$argon2id$") and PASSWORD not in stored[0]
    assert stored[1] == "AT,DE"
    assert users.authenticate(store, "anna", PASSWORD) == users.User(
        "anna", "BKA", ("AT", "DE"), "analyst"
    )
    assert users.authenticate(store, "anna", PASSWORD + "x") is None
    assert users.authenticate(store, "nobody", PASSWORD) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"countries": "DEU"}, "not an ISO 3166-1 alpha-2"),
        ({"countries": ""}, "an analyst needs the agency's countries"),
        ({"role": "admin"}, "role 'admin'"),
        ({"agency": " "}, "an agency name is needed"),
    ],
)
def test_bad_users_are_refused(store: Store, kwargs: dict[str, str], message: str) -> None:
    given = {"agency": "BKA", "countries": "DE", "role": "analyst", "password": PASSWORD}
    with pytest.raises(UserError, match=message):
        users.add_user(store, "anna", **{**given, **kwargs})


def test_a_user_is_added_once(store: Store) -> None:
    users.add_user(store, "anna", agency="BKA", countries="DE", role="analyst", password=PASSWORD)
    with pytest.raises(UserError, match="exists already"):
        users.add_user(store, "anna", agency="X", countries="FR", role="analyst", password=PASSWORD)


def test_password_file_errors_name_the_file_and_line(tmp_path: Path) -> None:
    short = tmp_path / "pw.txt"
    short.write_text("short\n")
    with pytest.raises(InputError, match=r"pw\.txt:1: the password on line 1 must have"):
        users.read_password(short)
    binary = tmp_path / "pw.bin"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match=r"pw\.bin: cannot read the password file"):
        users.read_password(binary)


def test_sessions_expire_when_idle_and_when_old(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = users.add_user(
        store, "anna", agency="BKA", countries="DE", role="analyst", password=PASSWORD
    )
    now = [1_000_000.0]
    monkeypatch.setattr(users.time, "time", lambda: now[0])
    token, csrf = users.open_session(store, user)
    session = users.find_session(store, token)
    assert session is not None and session.csrf == csrf and session.user == user
    now[0] += users.IDLE_SECONDS - 60
    assert users.find_session(store, token) is not None  # and the idle time restarts
    now[0] += users.IDLE_SECONDS - 60
    assert users.find_session(store, token) is not None
    now[0] += users.IDLE_SECONDS + 1
    assert users.find_session(store, token) is None
    token, _ = users.open_session(store, user)
    for _ in range(users.MAX_AGE_SECONDS // (users.IDLE_SECONDS - 60) + 1):
        now[0] += users.IDLE_SECONDS - 60
        users.find_session(store, token)
    assert users.find_session(store, token) is None
    assert users.find_session(store, "forged") is None


def test_login_logout_and_lockout(app: FastAPI) -> None:
    client = TestClient(app)
    bad = client.post("/login", data={"username": "nils", "password": "wrong password!"})
    assert bad.status_code == 401 and "wrong password" in bad.text
    csrf = login(client, "nils")
    assert client.get("/api/map").status_code == 200
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    assert client.get("/api/map").status_code == 401
    app.state.bench.failures.clear()
    try:
        for _ in range(10):
            client.post("/login", data={"username": "ghost", "password": "wrong password!"})
        locked = client.post("/login", data={"username": "nils", "password": PASSWORD})
        assert locked.status_code == 429  # the same client is locked out
    finally:
        app.state.bench.failures.clear()


def test_users_commands(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    password = tmp_path / "pw.txt"
    password.write_text(PASSWORD + "\n")
    runner = CliRunner()
    added = runner.invoke(
        cli,
        [
            "users",
            "add",
            str(case.root),
            "anna",
            "--agency",
            "BKA",
            "--countries",
            "DE,AT",
            "--password-file",
            str(password),
        ],
    )
    assert added.exit_code == 0, added.output
    assert "user anna (analyst, BKA) added: sees AT, DE" in added.output
    lead = runner.invoke(
        cli,
        [
            "users",
            "add",
            str(case.root),
            "lena",
            "--agency",
            "Europol",
            "--role",
            "lead",
            "--password-file",
            str(password),
        ],
    )
    assert lead.exit_code == 0, lead.output
    listed = runner.invoke(cli, ["users", "list", str(case.root)])
    assert listed.output.splitlines() == ["anna\tBKA\tanalyst\tAT,DE", "lena\tEuropol\tlead\tall"]
    again = runner.invoke(
        cli,
        [
            "users",
            "add",
            str(case.root),
            "anna",
            "--agency",
            "BKA",
            "--countries",
            "DE",
            "--password-file",
            str(password),
        ],
    )
    assert again.exit_code == 2 and "error: user anna exists already" in again.output
    actions = [e["action"] for e in Case.open(case.root).custody.entries()]
    assert actions.count("workbench.user") == 2
