"""The text encoding of evidence: told by a byte order mark, by valid UTF-8, or detected.

Detection looks only at the lines that hold bytes outside ASCII (a dump is mostly ASCII, and
its first megabytes may be table definitions), less the SQL literals that hold binary values
(control bytes, escaped NULs, a ``_binary`` introducer, or not UTF-8 and a quarter of their
bytes outside ASCII): they are gathered from the start of the
file and from places spread through it, then handed to charset-normalizer. UTF-8 text with a few
stray bytes is still UTF-8 (the ingest then names the stray bytes). Several single-byte encodings
often read a sample without any oddity (cp1252, cp1250 and cp1257 all read "Jürgen"); among
encodings that read it about equally well, the ones Western exports are usually written in come
first (cp1252 before cp1250, Mac Roman before Mac Turkish). The confidence is lower the closer
another encoding that gives other text comes: 0.5 when a more common one reads the sample as
well, 0.75 when only rarer ones do, 1 (less the oddity of the reading) when none comes close.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from seized.errors import UserError
from seized.ingest.stream import compression_of, open_stream, read_head

#: bytes of lines outside ASCII handed to the detector
SAMPLE_BYTES = 256 << 10
#: bytes read at the start of a file, and at each of the places spread through an uncompressed
#: one (a compressed file is read from its start only, up to SCAN_BYTES)
HEAD_BYTES = 1 << 20
PLACES = 16
SCAN_BYTES = 64 << 20
#: byte order marks, longest first (UTF-32 LE starts like UTF-16 LE)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: among encodings that read a sample about equally well, the first of these wins
PREFERRED = (
    "utf_8", "cp1252", "mac_roman", "latin_1", "iso8859_15", "cp1250", "iso8859_2",
    "mac_latin2", "cp1251", "koi8_r", "cp1257", "cp850", "cp437",
)  # fmt: skip
#: how much more oddity than the best reading still counts as "about equally well"
_CLOSE = 0.02
_HIGH = re.compile(rb"[\x80-\xff]")
#: a single-quoted SQL literal (with an optional _binary introducer)
_LITERAL = re.compile(rb"(?:_binary\s*)?'(?:[^'\\]|\\.|'')*'", re.S)
#: what text never holds but binary values do: control bytes, and the escapes of NUL and ^Z
_BINARY = re.compile(rb"^_binary|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\\[0Z]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass(frozen=True)
class Guess:
    """An encoding and how sure the guess is (0-1), with the reason, and the encodings that
    would read the sample about as well but into other text."""

    encoding: str
    confidence: float
    reason: str
    others: tuple[str, ...] = ()

    def describe(self) -> str:
        text = f"{self.encoding} ({self.reason}, confidence {self.confidence:.2f}"
        if self.others:
            text += f"; {', '.join(self.others)} would read it otherwise"
        return text + ")"


def byte_order_mark(head: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``head`` declares."""
    for mark, encoding in BOMS:
        if head.startswith(mark):
            return encoding
    return None


def codec_name(name: str) -> str | None:
    """Python's name for an encoding, or None when Python does not know it."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def guess_file(paths: Iterable[Path]) -> Guess | None:
    """The encoding of the text files that make up one piece of evidence, or None when they
    are not text (NUL bytes without a byte order mark of UTF-16 or UTF-32).

    Files with a byte order mark are read by it whatever is recorded, and files of ASCII alone
    read the same in any of the usual encodings; the others must agree, or the evidence is
    refused: a directory of UTF-8 files and files in another encoding is two pieces of evidence.
    """
    marks: set[str] = set()
    utf8: list[str] = []
    other: dict[str, list[bytes]] = {}
    for path in paths:
        head, found = _sample(path)
        mark = byte_order_mark(head) or (_unicode_without_mark(head) if b"\x00" in head else None)
        if mark is not None:
            marks.add(mark)
        elif b"\x00" in head:
            return None
        elif found:
            if guess_bytes(b"\n".join(found)).encoding == "utf-8":
                utf8.append(path.name)
            else:
                other[path.name] = found
    if utf8 and other:
        raise UserError(
            f"these files are not in one encoding: {', '.join(utf8[:3])} hold UTF-8 text, "
            f"{', '.join(list(other)[:3])} do not; register them as separate evidence (or give "
            "the encoding of all with --encoding)"
        )
    if other:
        lines = [line for found in other.values() for line in found]
        return guess_bytes(b"\n".join(lines)[:SAMPLE_BYTES])
    if utf8:
        return Guess("utf-8", 0.99, "valid UTF-8")
    if len(marks) == 1:
        return Guess(marks.pop(), 1.0, "byte order mark")
    if marks:
        return Guess("utf-8", 1.0, "byte order marks, which decide each file's encoding")
    return Guess("utf-8", 1.0, "only ASCII bytes")


def guess_bytes(sample: bytes) -> Guess:
    """The encoding of a sample of text (lines outside ASCII, or a whole small text)."""
    mark = byte_order_mark(sample)
    if mark is not None:
        return Guess(mark, 1.0, "byte order mark")
    if not any(byte >= 0x80 for byte in sample):
        return Guess("utf-8", 1.0, "only ASCII bytes")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3:  # not just a character cut at the sample's end
            return _mostly_utf8(sample) or _detect(sample)
    return Guess("utf-8", 0.99, "valid UTF-8")


def _mostly_utf8(sample: bytes) -> Guess | None:
    """UTF-8 text with some bytes that are not (a dump's raw binary values, a damaged line):
    text in a single-byte encoding almost never holds a valid UTF-8 sequence, so when they
    outnumber the stray bytes the text is UTF-8 (and the stray bytes are for the ingest)."""
    sequences = _UTF8_SEQUENCE.findall(sample)
    valid = len(sequences)
    stray = sum(1 for byte in sample if byte >= 0x80) - sum(map(len, sequences))
    if not valid or valid < stray:
        return None
    confidence = round(0.99 * valid / (valid + stray), 2)
    return Guess("utf-8", confidence, f"UTF-8 but for {stray} stray bytes (binary values?)")


def _detect(sample: bytes) -> Guess:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(sample, explain=False) if not m.encoding.startswith("utf")]
    if not matches:
        return Guess("latin-1", 0.0, "no encoding reads it cleanly; latin-1 reads every byte")
    best = min(m.chaos for m in matches)
    close: dict[str, float] = {}
    for match in matches:
        if match.chaos <= best + _CLOSE:
            for name in [match.encoding, *match.could_be_from_charset]:
                close.setdefault(name, match.chaos)
    chosen = next((n for n in PREFERRED if n in close), min(close, key=close.__getitem__))
    text = sample.decode(chosen, errors="replace")
    others = sorted(
        name for name in close if sample.decode(name, errors="replace") != text and name != chosen
    )
    differing = [m.chaos for m in matches if sample.decode(m.encoding, errors="replace") != text]
    gap = min(differing) - close[chosen] if differing else 1.0
    # as likely as the others that read it as well, or more when they are rarer in exports
    base = 0.75 if all(_rank(name) > _rank(chosen) for name in others) else 0.5
    confidence = (1.0 - close[chosen]) * (base + (1 - base) * min(gap / 0.05, 1.0))
    return Guess(_python_name(chosen), round(max(0.0, min(1.0, confidence)), 2), "detected",
                 tuple(_python_name(n) for n in others[:4]))  # fmt: skip


def _rank(name: str) -> int:
    return PREFERRED.index(name) if name in PREFERRED else len(PREFERRED)


def _python_name(name: str) -> str:
    found = codec_name(name) or name
    return "latin-1" if found == "iso8859-1" else found


def _unicode_without_mark(head: bytes) -> str | None:
    """UTF-16 or UTF-32 text without a byte order mark, told by where its NUL bytes are."""
    even = head[0::2]
    odd = head[1::2]
    if not head:
        return None
    quarter = [head[i::4].count(0) for i in range(4)]
    if len(head) >= 8 and min(quarter[1:3]) > 0.9 * len(head) / 4:
        return "utf-32-le" if quarter[0] < quarter[3] else "utf-32-be"
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _sample(path: Path) -> tuple[bytes, list[bytes]]:
    """A file's first bytes, and its lines that hold bytes outside ASCII: from the start and,
    when it is not compressed, from places spread through it."""
    found: list[bytes] = []
    size = 0
    with open_stream(path) as stream:
        head = read_head(stream, HEAD_BYTES)
        if byte_order_mark(head) or b"\x00" in head:
            return head, []
        size = _collect(head, found, size)
        compressed = compression_of(path) is not None
        if compressed:
            read = len(head)
            while size < SAMPLE_BYTES and read < SCAN_BYTES:
                piece = read_head(stream, HEAD_BYTES)
                if not piece:
                    break
                read += len(piece)
                size = _collect(piece, found, size)
            return head, found
    total = path.stat().st_size
    if total <= HEAD_BYTES:
        return head, found
    with path.open("rb") as handle:
        for place in range(1, PLACES + 1):
            if size >= SAMPLE_BYTES:
                break
            handle.seek(total * place // (PLACES + 1))
            size = _collect(handle.read(HEAD_BYTES // 4), found, size, cut=True)
    return head, found


def _collect(data: bytes, found: list[bytes], size: int, *, cut: bool = False) -> int:
    """Add the whole lines of ``data`` that hold bytes outside ASCII (``cut``: ``data`` starts
    inside a line, which is left out, as is the unfinished last one)."""
    start = 0
    if cut:
        breaks = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
        start = min(breaks) + 1 if breaks else len(data)
    end = max(data.rfind(b"\n"), data.rfind(b"\r"))
    if end < 0 and not cut:
        end = len(data)  # one unfinished line: all there is
    for raw in _lines_with_high_bytes(data, start, max(start, end)):
        if size >= SAMPLE_BYTES:
            break
        line = _without_binary(raw)
        if _HIGH.search(line):
            found.append(line)
            size += len(line) + 1
    return size


def _lines_with_high_bytes(data: bytes, start: int, end: int) -> Iterator[bytes]:
    """The lines of ``data[start:end]`` that hold a byte outside ASCII (found byte by byte
    with a regular expression, then widened to their line: no backtracking over long lines)."""
    pos = start
    while pos < end:
        hit = _HIGH.search(data, pos, end)
        if hit is None:
            return
        at = hit.start()
        begin = max(data.rfind(b"\n", start, at), data.rfind(b"\r", start, at)) + 1
        stop = min(i for i in (data.find(b"\n", at, end), data.find(b"\r", at, end), end)
                   if i >= 0)  # fmt: skip
        yield data[max(begin, start) : stop]
        pos = stop + 1


def _without_binary(line: bytes) -> bytes:
    """A dump's line without its binary values (raw bytes of BLOB columns are not text)."""
    if b"'" not in line:
        return line
    return _LITERAL.sub(lambda m: b"" if _is_binary(m.group(0)) else m.group(0), line)


def _is_binary(literal: bytes) -> bool:
    """Control bytes, or (not being UTF-8) as many bytes outside ASCII as random bytes have:
    text in a single-byte encoding is mostly ASCII letters."""
    if _BINARY.search(literal):
        return True
    high = sum(1 for byte in literal if byte >= 0x80)
    if high * 4 < len(literal):
        return False
    try:
        literal.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def likely(sample: bytes, current: str) -> str:
    """Words for a hint about bytes that are not valid ``current`` text: the encoding they look
    like, and how to register the evidence with it."""
    guess = guess_bytes(_lines_outside_ascii(sample) or sample)
    if codec_name(guess.encoding) == codec_name(current) or guess.confidence == 0.0:
        return (
            "find the file's encoding and register it with `seized add ... --encoding E` "
            "(withdraw this evidence first: seized evidence withdraw)"
        )
    return (
        f"these bytes look like {guess.describe()}: register the file with "
        f"`seized add ... --encoding {guess.encoding}` (withdraw this evidence first: "
        "seized evidence withdraw)"
    )


def _lines_outside_ascii(data: bytes) -> bytes:
    return b"\n".join(_lines_with_high_bytes(data, 0, len(data)))
