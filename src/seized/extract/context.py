"""Context words: the platform a text names just before an identifier ("jabber:", "signal me").

Handles are only recognised with their platform named (a bare ``@name`` or word is not a
handle), so the extractor looks back from a candidate to the nearest platform word.
"""

from __future__ import annotations

import re

#: Platform words, lower case, and the kind of identifier they announce.
WORDS: dict[str, str] = {
    "jabber": "jabber",
    "xmpp": "jabber",
    "jid": "jabber",
    "telegram": "telegram",
    "telegramm": "telegram",
    "tg": "telegram",
    "wickr": "wickr",
    "wickrme": "wickr",
    "session": "session",
    "signal": "signal",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "phone": "phone",
    "tel": "phone",
    "telephone": "phone",
    "telefon": "phone",
    "mobile": "phone",
    "mobil": "phone",
    "handy": "phone",
    "cell": "phone",
    "whatsapp": "phone",
    "sms": "phone",
    "call": "phone",
    "text": "phone",
    "fingerprint": "pgp",
    "fpr": "pgp",
    "pgp": "pgp",
    "gpg": "pgp",
    "openpgp": "pgp",
    # words announcing a hash, so that a hex string after them is not taken for a fingerprint
    "git": "hash",
    "commit": "hash",
    "sha1": "hash",
    "sha-1": "hash",
    "sha256": "hash",
    "sha-256": "hash",
    "md5": "hash",
    "hash": "hash",
    "checksum": "hash",
    "txid": "hash",
}

_WORD = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
    + r")(?![a-z0-9])"
)


def platform_before(text: str, start: int, *, window: int = 40, lines: int = 0) -> str | None:
    """The platform of the nearest context word in the ``window`` characters before ``start``.

    With ``lines=0`` the look-back stops at the start of the line; ``lines=1`` also reads the
    line before (a label on its own line above a fingerprint).
    """
    lo = max(0, start - window)
    before = text[lo:start].lower()
    cut = len(before)
    for _ in range(lines + 1):
        cut = before.rfind("\n", 0, cut)
        if cut < 0:
            break
    if cut >= 0:
        before = before[cut + 1 :]
    last: str | None = None
    for match in _WORD.finditer(before):
        last = WORDS[match.group(1)]
    return last


#: Substrings that every context word of a rule-enabling platform contains.
_PROBES: tuple[tuple[str, str], ...] = (
    ("tg", "telegram"),
    ("telegram", "telegram"),
    ("wickr", "wickr"),
    ("signal", "signal"),
    ("phone", "phone"),
    ("tel", "phone"),
    ("mobil", "phone"),
    ("handy", "phone"),
    ("cell", "phone"),
    ("whatsapp", "phone"),
    ("sms", "phone"),
    ("call", "phone"),
    ("text", "phone"),
)


def platforms_in(lowered: str) -> set[str]:
    """The handle and phone platforms whose words may occur in lower-cased text (a prefilter:
    a platform missing here has none of its words in the text)."""
    return {platform for probe, platform in _PROBES if probe in lowered}
