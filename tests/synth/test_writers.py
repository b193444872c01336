"""The dump writers' value escaping, against a character-by-character reference."""

from __future__ import annotations

import random

from seized.synth.mysqldump import literal
from seized.synth.pgdump import copy_field

_MYSQL = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\x00": "\\0",
    "\x1a": "\\Z",
}
_COPY = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ALPHABET = "ab Z9\\'\"\n\r\t\x00\x1aß日🔥-"


def _texts() -> list[str]:
    rng = random.Random(3)
    texts = ["", "\\", "\\n", "'\\'", "plain text"]
    texts += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(40))) for _ in range(500)]
    return texts


def test_mysql_literal_escapes_each_character_once() -> None:
    for text in _texts():
        assert literal(text) == "'" + "".join(_MYSQL.get(c, c) for c in text) + "'"


def test_copy_field_escapes_each_character_once() -> None:
    for text in _texts():
        assert copy_field(text) == "".join(_COPY.get(c, c) for c in text)


def test_non_text_values() -> None:
    assert [literal(v) for v in (None, True, False, 7, 2.5)] == ["NULL", "1", "0", "7", "2.5"]
    assert [copy_field(v) for v in (None, True, False, 7, 2.5)] == ["\\N", "t", "f", "7", "2.5"]
