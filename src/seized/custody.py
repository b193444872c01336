"""The custody log: an append-only, hash-chained JSON-lines file in the case directory.

Each entry records the time, the actor, the action, its inputs (with SHA-256 hashes), its outputs
(row counts), the digests of the tables it changed (``tables``), the seized version and the hash
of the previous entry; its own hash covers all of that. Editing, reordering or deleting an entry
breaks the chain; the case store keeps the number of entries and the last hash, so a deleted last
entry is noticed too.

The chain alone proves nothing to someone who does not trust the case directory: whoever can
write it can rewrite every entry and chain them again. So an entry can be signed: ``signer``
(inside the hashed part) names the certificate's fingerprint, and ``signature`` holds a detached
OpenPGP signature (base64) over the entry's canonical JSON without the signature, made with a
key kept outside the case (:mod:`seized.signing`). The head of the log (number of entries, last
hash) can be exported and kept elsewhere (:func:`custody_head`): a log cut back behind it is
noticed too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seized import __version__
from seized.errors import IntegrityError
from seized.signing import SignatureProblem, SigningKey, TrustedCerts

if TYPE_CHECKING:
    from seized.case import Case

GENESIS = "0" * 64
HEAD_FORMAT = "seized-custody-head/1"
_CLEARSIGNED = "-----BEGIN PGP SIGNED MESSAGE-----"


def _canonical(body: dict[str, Any]) -> bytes:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an entry without its own hash and its signature."""
    body = {k: v for k, v in entry.items() if k not in ("hash", "signature")}
    return hashlib.sha256(_canonical(body)).hexdigest()


def signed_bytes(entry: dict[str, Any]) -> bytes:
    """What an entry's signature covers: its canonical JSON, hash included, signature left out."""
    return _canonical({k: v for k, v in entry.items() if k != "signature"})


@dataclass(frozen=True)
class LogProblem:
    line: int
    problem: str


class CustodyLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IntegrityError(
                        f"{self.path}:{number}: the custody log is damaged, this line is not "
                        f"valid JSON ({exc.msg}); run seized verify"
                    ) from None
                out.append(entry if isinstance(entry, dict) else {})
        return out

    def head(self) -> tuple[int, str]:
        """(number of entries, hash of the last entry), read from the file's end."""
        entries = self.entries()
        if not entries:
            return 0, GENESIS
        return len(entries), str(entries[-1].get("hash", ""))

    def append(
        self,
        action: str,
        *,
        actor: str,
        inputs: list[dict[str, Any]] | None = None,
        outputs: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
        tables: dict[str, Any] | None = None,
        key: SigningKey | None = None,
    ) -> dict[str, Any]:
        """Append an entry (signed with ``key`` when given) and return it."""
        count, prev = self.head()
        entry: dict[str, Any] = {
            "seq": count + 1,
            "time": datetime.now(UTC).isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "inputs": inputs or [],
            "outputs": outputs or {},
            "details": details or {},
            "seized_version": __version__,
            "prev": prev,
        }
        if tables:
            entry["tables"] = tables
        if key is not None:
            entry["signer"] = key.fingerprint
        entry["hash"] = entry_hash(entry)
        if key is not None:
            entry["signature"] = key.sign(signed_bytes(entry))
        line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        return entry

    def check(self) -> tuple[list[LogProblem], int, str]:
        """Problems in the chain, the number of entries and the last hash."""
        problems: list[LogProblem] = []
        prev = GENESIS
        count = 0
        if not self.path.exists():
            return [LogProblem(0, "the custody log is missing")], 0, GENESIS
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                count += 1
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(LogProblem(number, f"not valid JSON ({exc.msg})"))
                    prev = "?"
                    continue
                if not isinstance(entry, dict):
                    problems.append(LogProblem(number, "not a log entry"))
                    continue
                if entry.get("seq") != count:
                    problems.append(
                        LogProblem(
                            number,
                            f"entry number {entry.get('seq')} where {count} was expected "
                            "(an entry was deleted or the entries were reordered)",
                        )
                    )
                if entry.get("prev") != prev and prev != "?":
                    problems.append(
                        LogProblem(
                            number,
                            "does not follow the previous entry "
                            "(an entry was deleted, inserted or reordered)",
                        )
                    )
                if entry_hash(entry) != entry.get("hash"):
                    problems.append(LogProblem(number, "was edited: its hash does not match"))
                prev = str(entry.get("hash"))
        return problems, count, prev


@dataclass
class SignatureCheck:
    """The signatures of a log against trusted certificates."""

    signed: dict[str, int]  # trusted fingerprint -> entries it signed
    unsigned: list[int]  # entry numbers without a signature
    problems: list[LogProblem]  # bad signatures, unknown signers


def check_signatures(entries: list[dict[str, Any]], trusted: TrustedCerts) -> SignatureCheck:
    """Every entry's signature, against the trusted certificates."""
    result = SignatureCheck({}, [], [])
    for number, entry in enumerate(entries, start=1):
        signature = entry.get("signature")
        claimed = entry.get("signer")
        if not signature:
            result.unsigned.append(number)
            if claimed:
                result.problems.append(
                    LogProblem(number, f"names signer {claimed} but its signature was removed")
                )
            continue
        try:
            fingerprint = trusted.verify(
                signed_bytes(entry), str(signature), str(claimed) if claimed else None
            )
        except SignatureProblem as exc:
            result.problems.append(LogProblem(number, str(exc)))
            continue
        if claimed != fingerprint:
            result.problems.append(
                LogProblem(number, f"signed by {fingerprint} but names {claimed} as its signer")
            )
            continue
        result.signed[fingerprint] = result.signed.get(fingerprint, 0) + 1
    return result


# -- the head, for keeping outside the machine --------------------------------------------------


def custody_head(case: Case) -> dict[str, Any]:
    """The head of a case's custody log: its number of entries, the last entry's hash and
    time, and the case's name. A log that still begins with the same entries still has this
    head as a prefix (see :func:`check_anchor`)."""
    entries = case.custody.entries()
    last = entries[-1] if entries else {}
    return {
        "format": HEAD_FORMAT,
        "case": case.name,
        "entries": len(entries),
        "last_hash": str(last.get("hash", GENESIS)),
        "last_time": last.get("time"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def head_text(head: dict[str, Any], key: SigningKey | None) -> str:
    """The head as JSON, clearsigned when a key is given."""
    text = json.dumps(head, indent=2, sort_keys=True) + "\n"
    return key.clearsign(text) if key is not None else text


@dataclass
class Anchor:
    head: dict[str, Any]
    signer: str | None  # the trusted certificate that signed it, when checked
    note: str  # how far it was checked


def read_anchor(path: Path, trusted: TrustedCerts) -> Anchor:
    """An exported head: its signature checked when there are trusted certificates."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IntegrityError(f"{path}: cannot read the custody head: {exc}") from exc
    signer = None
    if text.lstrip().startswith(_CLEARSIGNED):
        if trusted:
            try:
                body, signer = trusted.open_clearsigned(text)
            except SignatureProblem as exc:
                raise IntegrityError(f"{path}: the custody head is not trusted: {exc}") from exc
            note = f"signed by {signer}"
        else:
            body, note = _cleartext(text), "its signature not checked (no trusted certificate)"
    else:
        body, note = text, "unsigned"
    try:
        head = json.loads(body)
    except json.JSONDecodeError as exc:
        raise IntegrityError(f"{path}: line {exc.lineno}: not a custody head ({exc.msg})") from None
    if not isinstance(head, dict) or head.get("format") != HEAD_FORMAT:
        raise IntegrityError(f"{path}: not a custody head (format {HEAD_FORMAT} expected)")
    return Anchor(head, signer, note)


def _cleartext(text: str) -> str:
    """The signed text of a clearsigned message (without checking its signature)."""
    lines = text.lstrip().splitlines()
    try:
        start = lines.index("") + 1
        end = lines.index("-----BEGIN PGP SIGNATURE-----")
    except ValueError:
        return ""
    return "\n".join(line[2:] if line.startswith("- ") else line for line in lines[start:end])


def check_anchor(entries: list[dict[str, Any]], head: dict[str, Any], case_name: str) -> list[str]:
    """Problems with a log that should begin with the entries an exported head names."""
    problems = []
    if head.get("case") != case_name:
        problems.append(f"it is the head of case {head.get('case')!r}, not of {case_name!r}")
    count = head.get("entries")
    if not isinstance(count, int) or count < 0:
        return [*problems, "it names no entry count"]
    if len(entries) < count:
        problems.append(
            f"it names {count} entries but the log has {len(entries)}: entries were removed "
            "from the log's end since the head was exported"
        )
    elif count and entries[count - 1].get("hash") != head.get("last_hash"):
        problems.append(
            f"entry {count} of the log is not the one it names: the log was rewritten since the "
            "head was exported"
        )
    return problems
