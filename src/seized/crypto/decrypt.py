"""Opening PGP blobs with the held keys, in threads or worker processes.

A blob is tried only against the keys whose (sub)key id or fingerprint it names as a recipient;
an anonymous recipient is tried against every held key. The fast path
(:mod:`seized.crypto.fast`) opens the common RSA or ECDH / AES message first; pysequoia opens
everything else. Every held key is unlocked once, where the keys are read
(:func:`seized.crypto.held.unlocked_keys`): threads share it, worker processes get it without
its protection. :class:`Opening` runs the stage's batches: an Arrow batch of a table's rows in,
Arrow tables of results out. The fast path runs without the GIL, so threads of one process open
in parallel; pysequoia holds the GIL, so messages that mostly need it go to worker processes,
each initialised once with the held secret keys as bytes, already unlocked (never pickled
library objects).
"""

from __future__ import annotations

import copy
import gc
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

import pyarrow as pa
import pysequoia

from seized.crypto.armor import ArmorError, check
from seized.crypto.blobs import Blob, find_blobs
from seized.crypto.bounded import MAX_PLAINTEXT, TooLarge, too_large
from seized.crypto.bounded import decrypt as bounded_decrypt
from seized.crypto.fast import FastKey, FastOpener
from seized.crypto.held import Entry, decryption_components, unlocked_keys
from seized.crypto.held import HeldKey as HeldKey  # what the stage hands over
from seized.crypto.keys import first_line
from seized.crypto.packets import WILDCARD

DECRYPTED = "decrypted"
NO_KEY = "no_key"
LOCKED = "locked"
CORRUPT = "corrupt"
PASSWORD = "password"  # only password (SKESK) recipients
UNENCRYPTED = "unencrypted"  # an armored PGP message that is only signed or compressed
STATUSES = (DECRYPTED, NO_KEY, LOCKED, CORRUPT, PASSWORD, UNENCRYPTED)


#: A unit of work: (table, column, row key, market, value).
Unit = tuple[str, str, str, str | None, "str | bytes"]
#: One pgp_blobs row (see 010_pgp_blobs_unkeyed.sql for the columns).
BlobRow = tuple[
    str, str, str, int, str | None, int, int, str, list[str], str,
    str | None, str | None, str | None, bytes | None, str | None,
]  # fmt: skip
#: A value :meth:`Keyring.open_values` took whole: (start, end, recipients, status, key
#: fingerprint, opened by, plaintext, error).
Whole = tuple[
    int, int, tuple[str, ...], str, str | None, str | None, bytes | None, str | None
]  # fmt: skip
#: The readable text of a value whose messages were (at least partly) decrypted.
Readable = tuple[str, str, str, str]

BLOB_SCHEMA = pa.schema(
    [
        ("source_table", pa.string()),
        ("source_column", pa.string()),
        ("source_key", pa.string()),
        ("blob_index", pa.int32()),
        ("market_id", pa.string()),
        ("char_start", pa.int64()),
        ("char_end", pa.int64()),
        ("form", pa.string()),
        ("recipients", pa.list_(pa.string())),
        ("status", pa.string()),
        ("key_fingerprint", pa.string()),
        ("opened_by", pa.string()),
        ("plaintext", pa.string()),
        ("plaintext_bytes", pa.binary()),
        ("error", pa.string()),
    ]
)
READABLE_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("source_table", "source_column", "source_key", "text")]
)


@dataclass(frozen=True)
class BatchSource:
    """What a worker needs to know of the table a batch of rows comes from."""

    name: str  # 'orders' or 'raw_silkway.orders'
    columns: tuple[str, ...]  # the text columns, after the key and market columns
    market: str | None  # the market of every row; None: the batch's second column says


class Keyring:
    """The unlocked keys of one process, indexed by every id a message may name.

    Each decryption (sub)key that pysequoia accepts gets a decryptor of its own (pysequoia's
    decryptor holds one component key: :func:`seized.crypto.secrets.decryption_keys`). A
    message whose first held recipient is an RSA or ECDH key that the fast path reads goes to
    the fast path first (:class:`seized.crypto.fast.FastOpener`); what it declines, and every
    other message, is opened by pysequoia. Both give the same plaintext
    (tests/crypto/test_fast.py). A message whose plaintext is longer than ``max_plain`` bytes
    is CORRUPT, with :func:`too_large` as the error: both paths stop decompressing soon after
    the bound (:mod:`seized.crypto.bounded`).
    """

    def __init__(
        self, held: list[HeldKey], use_fast: bool = True, max_plain: int = MAX_PLAINTEXT
    ) -> None:
        self.by_id: dict[str, list[Entry]] = {}
        self.locked: dict[str, str] = {}
        self.ids: dict[str, frozenset[str]] = {}
        self.all: list[Entry] = []
        self.messages = 0  # messages given a status
        self.read = 0  # ... of which by the Python reader (find_blobs, open), not whole in C
        self.max_plain = max_plain
        fast: list[tuple[str, FastKey]] = []
        for key in unlocked_keys(held):
            self.ids[key.fingerprint] = frozenset(key.ids)
            if key.secret is None:
                for ident in key.ids:
                    self.locked.setdefault(ident, key.fingerprint)
                continue
            components = decryption_components(key)
            if not components:  # none of its own: pysequoia chooses, as for the whole key
                decryptor = pysequoia.Tsk.from_bytes(key.secret).decryptor(key.passphrase)
                components = [((), (key.fingerprint, decryptor), None)]
            entries = [entry for _, entry, _ in components]
            self.all += entries
            named: set[str] = set()
            for idents, entry, fast_key in components:
                named.update(idents)
                for ident in idents:
                    self.by_id.setdefault(ident, []).append(entry)
                if use_fast and fast_key is not None:
                    fast.append((key.fingerprint, fast_key))
            for ident in key.ids:  # the primary key's and other subkeys' ids: every component
                if ident not in named:
                    self.by_id.setdefault(ident, []).extend(entries)
        self.fast = FastOpener(fast, max_plain) if fast else None

    def another(self) -> Keyring:
        """This keyring for another thread: the same unlocked pysequoia keys, a fast opener of
        its own (see :class:`seized.crypto.fast.FastOpener`), counts of its own."""
        other = copy.copy(self)
        other.fast = self.fast.another() if self.fast is not None else None
        other.messages = other.read = 0
        return other

    def candidates(self, recipients: tuple[str, ...]) -> list[Entry]:
        if len(recipients) == 1 and recipients[0] != WILDCARD:  # the usual message
            return self.by_id.get(recipients[0], [])
        found: list[Entry] = []
        seen: set[int] = set()
        for recipient in recipients:
            for entry in self.all if recipient == WILDCARD else self.by_id.get(recipient, ()):
                if id(entry) not in seen:
                    seen.add(id(entry))
                    found.append(entry)
        return found

    def opened_by(self, fingerprint: str, recipients: tuple[str, ...]) -> str | None:
        ids = self.ids.get(fingerprint, ())
        for recipient in recipients:
            if recipient in ids:
                return recipient
        return WILDCARD if WILDCARD in recipients else None

    def open_values(self, values: Sequence[str | bytes]) -> list[Whole | None]:
        """The usual values, all in C in one call without the GIL: those holding exactly one
        tidy armored message that the fast path opens with the key pysequoia would try first,
        or that is addressed to no held key (its armor checksum checked). For each value its
        :data:`Whole` result, or None: :func:`find_blobs` and :meth:`open` take the value."""
        if self.fast is None:
            return [None] * len(values)
        found: list[Whole | None] = []
        for opened in self.fast.open_armored_many(values):
            if opened is not None:
                start, end, recipients, fingerprint, plain = opened
                candidates = self.candidates(recipients)
                if fingerprint is None:  # to none of the fast path's keys
                    if not candidates:
                        self.messages += 1
                        found.append((start, end, recipients, *self._unopened(recipients)))
                        continue
                elif candidates and candidates[0][0] == fingerprint:
                    self.messages += 1
                    if plain is None:  # over the bound
                        error = too_large(self.max_plain)
                        found.append((start, end, recipients, CORRUPT, fingerprint, None, None,
                                      error))  # fmt: skip
                        continue
                    by = self.opened_by(fingerprint, recipients)
                    found.append((start, end, recipients, DECRYPTED, fingerprint, by, plain, None))
                    continue
            found.append(None)
        return found

    def _unopened(
        self, recipients: tuple[str, ...], passwords: int = 0
    ) -> tuple[str, str | None, None, None, str | None]:
        """(status, key fingerprint, opened by, plaintext, error) of an intact message that no
        unlocked held key can open."""
        locked = next((self.locked[r] for r in recipients if r in self.locked), None)
        if locked is not None:
            return LOCKED, locked, None, None, "the key is held but locked (no passphrase)"
        if passwords and not recipients:
            return PASSWORD, None, None, None, None
        return NO_KEY, None, None, None, None

    def open(self, blob: Blob) -> tuple[str, str | None, str | None, bytes | None, str | None]:
        """(status, key fingerprint, opened by, plaintext, error) of one blob."""
        self.messages += 1
        self.read += 1
        if blob.data is None:
            return CORRUPT, None, None, None, blob.error
        if not blob.encrypted:
            return UNENCRYPTED, None, None, None, None
        candidates = self.candidates(blob.recipients)
        if not candidates:
            try:
                check(blob.data, blob.checksum)
            except ArmorError as exc:
                return CORRUPT, None, None, None, str(exc)
            return self._unopened(blob.recipients, blob.passwords)
        if self.fast is not None and candidates[0][0] in self.fast.fingerprints:
            opened = self.fast.open(blob.data)
            # the key pysequoia would try first, or pysequoia decides
            if opened is not None and opened[0] == candidates[0][0]:
                fingerprint, plain = opened
                if plain is None:
                    return CORRUPT, fingerprint, None, None, too_large(self.max_plain)
                return (DECRYPTED, fingerprint, self.opened_by(fingerprint, blob.recipients),
                        plain, None)  # fmt: skip
        error = None
        for fingerprint, decryptor in candidates:
            try:
                plain = bounded_decrypt(blob.data, decryptor, self.max_plain)
            except TooLarge as exc:
                return CORRUPT, fingerprint, None, None, str(exc)
            except Exception as exc:  # sequoia: wrong key, damaged data, unsupported cipher
                error = first_line(exc)
                continue
            except BaseException as exc:
                # pysequoia panics on some damaged messages (a truncated compressed packet);
                # pyo3 raises that as PanicException, which is not an Exception
                if type(exc).__name__ != "PanicException":
                    raise
                error = f"pysequoia failed on the damaged message: {first_line(exc)}"
                continue
            return DECRYPTED, fingerprint, self.opened_by(fingerprint, blob.recipients), plain, None
        try:
            check(blob.data, blob.checksum)
        except ArmorError as exc:
            error = str(exc)
        return CORRUPT, candidates[0][0], None, None, error


_KEYRING: Keyring | None = None


def init_worker(held: list[HeldKey], use_fast: bool = True) -> None:
    """Pool initializer: unlock the keys once per process. ``use_fast=False``: every message
    goes to pysequoia, none to the fast path (:mod:`seized.crypto.fast`)."""
    global _KEYRING
    _KEYRING = Keyring(held, use_fast)


def units_of(source: BatchSource, batch: pa.RecordBatch) -> list[Unit]:
    """The non-null values of a batch (key, market, then ``source.columns``) as units."""
    columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
    units: list[Unit] = []
    name = source.name
    for values in zip(*columns, strict=True):
        key = str(values[0])
        market = values[1] if source.market is None else source.market
        for column, value in zip(source.columns, values[2:], strict=True):
            if value is not None:
                units.append((name, column, key, market, value))
    return units


def as_arrow(rows: list[BlobRow], readable: list[Readable]) -> tuple[pa.Table, pa.Table]:
    """pgp_blobs rows and readable texts as Arrow tables, ready for an insert."""
    columns = zip(*rows, strict=True) if rows else [()] * len(BLOB_SCHEMA)
    texts = zip(*readable, strict=True) if readable else [()] * len(READABLE_SCHEMA)
    return (
        pa.table([pa.array(c, f.type) for c, f in zip(columns, BLOB_SCHEMA, strict=True)],
                 schema=BLOB_SCHEMA),
        pa.table([pa.array(c, pa.string()) for c in texts], schema=READABLE_SCHEMA),
    )  # fmt: skip


def open_batch(
    source: BatchSource, batch: pa.RecordBatch, keyring: Keyring | None = None
) -> tuple[pa.Table, pa.Table]:
    """:func:`open_units` over a batch of a table's rows, with the results as Arrow tables: a
    worker process converts both ways, so the process that holds the case store only moves
    buffers."""
    return as_arrow(*open_units(units_of(source, batch), keyring=keyring))


class Opening:
    """Opens batches (:func:`open_batch`) in this thread, in threads, or in worker processes.

    With ``workers`` > 1 and keys of the fast path held, ``workers`` threads open the batches: the
    fast path runs without the GIL, and threads need no processes started (an interpreter and
    pyarrow, about 0.4 s each) and no batches pickled. The Python reader and pysequoia hold the
    GIL, so once they have had more than a quarter of at least :attr:`SETTLE` messages (those
    :meth:`Keyring.open_values` does not take whole), the following batches go to worker
    processes; so do all batches when no key suits the fast path. The garbage collector
    is off while threads open (see :func:`open_units`)."""

    SETTLE = 500

    def __init__(self, held: list[HeldKey], workers: int = 2, use_fast: bool = True) -> None:
        self.held = unlocked_keys(held)  # workers get the keys unlocked: no S2K again
        self.workers = workers
        self.use_fast = use_fast
        self.keyring = Keyring(self.held, use_fast)
        self.keyrings: list[Keyring] = []  # one per thread
        self.threads: ThreadPoolExecutor | None = None
        self.processes: ProcessPoolExecutor | None = None
        self._local = threading.local()
        self._collecting = gc.isenabled()
        if workers < 2:
            return
        if self.keyring.fast is None:
            self._start_processes()
            return
        gc.disable()
        self.threads = ThreadPoolExecutor(
            workers, thread_name_prefix="seized-decrypt", initializer=self._start_thread
        )

    @property
    def mode(self) -> str:
        """'processes', 'threads' or 'inline' (where the next batch goes)."""
        if self.processes is not None:
            return "processes"
        return "threads" if self.threads is not None else "inline"

    def _start_thread(self) -> None:
        keyring = self.keyring.another()
        self._local.keyring = keyring
        self.keyrings.append(keyring)

    def _start_processes(self) -> None:
        self.processes = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(self.held, self.use_fast),
        )

    def _in_thread(self, source: BatchSource, batch: pa.RecordBatch) -> tuple[pa.Table, pa.Table]:
        return open_batch(source, batch, self._local.keyring)

    def submit(
        self, source: BatchSource, batch: pa.RecordBatch
    ) -> Future[tuple[pa.Table, pa.Table]]:
        """The batch's results (:func:`open_batch`), now (inline) or later."""
        if self.threads is not None and self.processes is None:
            messages = sum(k.messages for k in self.keyrings)
            if messages >= self.SETTLE and 4 * sum(k.read for k in self.keyrings) > messages:
                self._start_processes()
        if self.processes is not None:
            return self.processes.submit(open_batch, source, batch)
        if self.threads is not None:
            return self.threads.submit(self._in_thread, source, batch)
        done: Future[tuple[pa.Table, pa.Table]] = Future()
        done.set_result(open_batch(source, batch, self.keyring))
        return done

    def close(self) -> None:
        for pool in (self.threads, self.processes):
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if self._collecting:
            gc.enable()

    def __enter__(self) -> Opening:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _whole_row(table: str, column: str, key: str, market: str | None, whole: Whole) -> BlobRow:
    """The pgp_blobs row of a value :meth:`Keyring.open_values` took whole."""
    start, end, recipients, status, fingerprint, opened_by, plain, error = whole
    text, raw = _text(plain) if plain is not None else (None, None)
    return (
        table, column, key, 0, market, start, end, "armored", list(recipients), status,
        fingerprint, opened_by, text, raw, error,
    )  # fmt: skip


def _text(plain: bytes) -> tuple[str, bytes | None]:
    try:
        return plain.decode("utf-8"), None
    except UnicodeDecodeError:
        return plain.decode("utf-8", "replace"), plain


def _edge(text: str) -> str:
    """Text before the first or after the last message: dropped when it is only whitespace."""
    return text if text.strip() else ""


def open_units(
    units: list[Unit], keep_readable: bool = True, keyring: Keyring | None = None
) -> tuple[list[BlobRow], list[Readable]]:
    """pgp_blobs rows for every message in the units, and the readable text of each value in
    which at least one message was decrypted (messages replaced by their plaintext). The keys
    are ``keyring``, or those :func:`init_worker` unlocked in this process."""
    keyring = keyring or _KEYRING
    if keyring is None:
        raise RuntimeError("init_worker was not called in this process")
    # the loop makes no reference cycles; the collector's passes over the many small objects
    # it makes cost about a seventh of the time
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _open_units(keyring, units, keep_readable)
    finally:
        if collecting:
            gc.enable()


def _open_units(
    keyring: Keyring, units: list[Unit], keep_readable: bool
) -> tuple[list[BlobRow], list[Readable]]:
    rows: list[BlobRow] = []
    readable: list[Readable] = []
    wholes = keyring.open_values([unit[4] for unit in units])
    for (table, column, key, market, value), whole in zip(units, wholes, strict=True):
        if whole is not None and isinstance(value, str):  # only text is taken whole
            row = _whole_row(table, column, key, market, whole)
            rows.append(row)
            opened_text = row[12]
            if keep_readable and opened_text is not None:
                whole_text = _edge(value[: row[5]]) + opened_text + _edge(value[row[6] :])
                readable.append((table, column, key, whole_text))
            continue
        blobs = find_blobs(value)
        pieces: list[str] = []
        pos = 0
        opened = False
        for blob in blobs:
            status, fingerprint, opened_by, plain, error = keyring.open(blob)
            text, raw = _text(plain) if plain is not None else (None, None)
            rows.append(
                (
                    table, column, key, blob.blob_index, market, blob.start, blob.end, blob.form,
                    list(blob.recipients), status, fingerprint, opened_by, text, raw, error,
                )
            )  # fmt: skip
            if keep_readable and isinstance(value, str):
                pieces.append(
                    _edge(value[pos : blob.start]) if pos == 0 else value[pos : blob.start]
                )
                pieces.append(text if text is not None else value[blob.start : blob.end])
                pos = blob.end
            opened = opened or text is not None
        if opened and keep_readable and isinstance(value, str):
            pieces.append(_edge(value[pos:]))
            readable.append((table, column, key, "".join(pieces)))
    return rows, readable
