"""The text encoding of a mysqldump file.

The readers work on the dump's bytes, which is exact for every encoding in which the characters
of SQL (letters, digits, quotes, parentheses, ``;``, line breaks) are the ASCII bytes: UTF-8,
latin-1, the Windows code pages, ... A dump in another encoding (UTF-16 or UTF-32, as Windows
tools write a redirected dump) is read through a converter to UTF-8: its lines are the file's
lines, but the byte offsets the readers see are those of the converted text, so errors and
rejects of such a dump name lines only. A UTF-16 or UTF-32 byte order mark at the start of the
file decides its encoding, whatever was declared.
"""

from __future__ import annotations

import codecs

from seized.errors import UserError
from seized.ingest.stream import Prefixed, Transcoded

__all__ = ["Prefixed", "Transcoded", "ascii_compatible", "byte_order_mark", "encoding_named"]

#: MySQL's names for encodings that Python calls otherwise
_MYSQL_NAMES = {"utf8": "utf-8", "utf8mb3": "utf-8", "utf8mb4": "utf-8", "latin1": "latin-1"}
#: byte order marks, longest first (the UTF-32 little-endian one starts like UTF-16's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: the characters the readers look for, which must be these bytes for them to work on bytes
_SQL = "INSERT INTO `t` VALUES (1,'a\\'',\"b\",NULL);\r\n\t#-/*!*/_0x1aZz"


def encoding_named(name: str) -> str:
    """Python's name for the encoding ``name`` (MySQL's names are understood)."""
    name = _MYSQL_NAMES.get(name.lower(), name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UserError(f"unknown text encoding {name!r}; try utf-8 or latin-1") from None


def byte_order_mark(head: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte order mark at the start of ``head`` declares."""
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding
    return None


def ascii_compatible(encoding: str) -> bool:
    """Whether the characters of SQL are their ASCII bytes in ``encoding``."""
    try:
        return _SQL.encode(encoding) == _SQL.encode("ascii")
    except UnicodeError:
        return False
