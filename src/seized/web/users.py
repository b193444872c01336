"""Workbench users and their sessions.

A user belongs to an agency, which is assigned countries; an ``analyst`` sees what concerns
those countries, a ``lead`` (the coordinating agency) sees the whole case. Passwords are hashed
with Argon2id (argon2-cffi's defaults); sessions are random tokens of which the store keeps only
the SHA-256, and they expire after a time idle and after a maximum age.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from seized.errors import InputError, UserError
from seized.web.store import Store

ROLES = ("analyst", "lead")
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_HASHER = PasswordHasher()
#: a session ends after this many seconds without a request ...
IDLE_SECONDS = 30 * 60
#: ... and after this many seconds in any case
MAX_AGE_SECONDS = 12 * 3600
MIN_PASSWORD = 12


@dataclass(frozen=True)
class User:
    name: str
    agency: str
    countries: tuple[str, ...]
    role: str

    @property
    def lead(self) -> bool:
        return self.role == "lead"


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str


def parse_countries(text: str) -> tuple[str, ...]:
    codes = tuple(sorted({c.strip().upper() for c in text.split(",") if c.strip()}))
    for code in codes:
        if not _COUNTRY.match(code):
            raise UserError(f"country {code!r} is not an ISO 3166-1 alpha-2 code (e.g. DE)")
    return codes


def read_password(path: Path) -> str:
    """The first line of a password file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the password file: {exc}", path) from exc
    if not lines or len(lines[0]) < MIN_PASSWORD:
        raise InputError(
            f"the password on line 1 must have at least {MIN_PASSWORD} characters", path, line=1
        )
    return lines[0]


def add_user(
    store: Store, name: str, *, agency: str, countries: str, role: str, password: str
) -> User:
    if not _NAME.match(name):
        raise UserError(f"user name {name!r}: use 1-64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise UserError(f"role {role!r}: use analyst or lead")
    if not agency.strip():
        raise UserError("an agency name is needed (--agency)")
    codes = parse_countries(countries)
    if not codes and role != "lead":
        raise UserError("an analyst needs the agency's countries (--countries DE,AT)")
    user = User(name, agency.strip(), codes, role)
    with store.connect() as con:
        if con.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise UserError(f"user {name} exists already")
        con.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
            [
                name,
                user.agency,
                ",".join(codes),
                role,
                _HASHER.hash(password),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ],
        )
    return user


def _user(row: tuple[str, str, str, str]) -> User:
    return User(row[0], row[1], tuple(c for c in row[2].split(",") if c), row[3])


def list_users(store: Store) -> list[User]:
    with store.connect() as con:
        rows = con.execute("SELECT name, agency, countries, role FROM users ORDER BY name")
        return [_user(r) for r in rows.fetchall()]


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the password is right, else None (the same time either way)."""
    with store.connect() as con:
        row = con.execute(
            "SELECT name, agency, countries, role, password_hash FROM users WHERE name = ?", [name]
        ).fetchone()
    stored = row[4] if row else _DUMMY
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return _user(row[:4]) if row else None


_DUMMY = _HASHER.hash(secrets.token_hex(16))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(store: Store, user: User) -> tuple[str, str]:
    """A new session: (cookie token, CSRF token)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = time.time()
    with store.connect() as con:
        con.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
            [_digest(token), user.name, csrf, now, now],
        )
        con.execute(
            "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
            [now - IDLE_SECONDS, now - MAX_AGE_SECONDS],
        )
    return token, csrf


def find_session(store: Store, token: str | None) -> Session | None:
    """The live session of a cookie token (its idle time restarts), or None."""
    if not token:
        return None
    now = time.time()
    with store.connect() as con:
        row = con.execute(
            "SELECT s.created_at, s.last_seen, s.csrf, u.name, u.agency, u.countries, u.role "
            "FROM sessions AS s JOIN users AS u ON u.name = s.user WHERE s.token_hash = ?",
            [_digest(token)],
        ).fetchone()
        if row is None:
            return None
        if row[1] < now - IDLE_SECONDS or row[0] < now - MAX_AGE_SECONDS:
            con.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])
            return None
        if now - row[1] > 30:
            con.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, _digest(token)]
            )
    return Session(_user((row[3], row[4], row[5], row[6])), str(row[2]))


def close_session(store: Store, token: str | None) -> None:
    if token:
        with store.connect() as con:
            con.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])
