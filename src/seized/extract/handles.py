"""Messenger handles: Telegram, Wickr, Session and Signal, each only where the text names the
platform (a bare word or ``@name`` is not a handle).

* Telegram: ``telegram: @name``, ``telegram @name``, ``tg: name``, ``t.me/name``,
  ``telegram.me/name`` (5-32 characters, letters, digits, underscore, starting with a letter);
  value: the name in lower case without ``@``.
* Wickr: ``wickr: name``, ``wickr me: name``, ``wickr id: name``, ``wickrme name``;
  value: lower case.
* Session: a Session id is 66 hex digits starting ``05`` (the X25519 key with its type byte);
  this shape is distinctive and needs no context; value: lower case.
* Signal: ``signal: +49 ...`` (value: E.164, with the number's country), ``signal: name.42``
  (a Signal username), ``signal.me/#p/+49...`` and ``signal.me/#eu/<link>``.
"""

from __future__ import annotations

import re

import phonenumbers

from seized.extract.found import Found

_TAG = r"<[^<>\n]{0,30}>"  # a tag between a platform word and its handle ("<td>Telegram:</td><td>")
_SEP = r"(?:[^\S\n]|" + _TAG + r"|[:=\-]|(?<![a-z])(?:is|on|at|me|id|number|nr)(?![a-z])\.?){0,8}"
_NOT_NAMES = frozenset(
    {
        "and",
        "available",
        "contact",
        "contacts",
        "message",
        "messages",
        "only",
        "please",
        "preferred",
        "private",
        "request",
        "secure",
        "support",
        "username",
        "channel",
        "group",
    }
)

_GAP = re.compile(r"[:=\-]|(?<![a-z])(?:is|on|at|me|id)(?![a-z])", re.IGNORECASE)

_WICKR_LEAD = re.compile(r"[:=\-]|wickr\s?(?:me|id)")

TELEGRAM_PATTERN = (
    r"(?i:(?<![a-z0-9])(?:telegramm?|tg)"
    r"(?P<tg_gap>(?:[^\S\n]|" + _TAG + r"|[:=\-]|(?<![a-z])(?:is|on|at|me|id)(?![a-z])){1,8})"
    r"(?P<tg_at>@)?(?P<tg>[A-Za-z][A-Za-z0-9_]{4,31})(?![A-Za-z0-9_])"
    r"|(?<![a-z0-9.])(?:t|telegram)\.me/(?P<tg_link>[A-Za-z][A-Za-z0-9_]{4,31})(?![A-Za-z0-9_]))"
)
WICKR_PATTERN = (
    r"(?i:(?<![a-z0-9])wickr(?:[^\S\n]?me)?(?:[^\S\n]?id)?" + _SEP + r")"
    r"(?P<wickr>[A-Za-z][A-Za-z0-9._\-]{3,31})(?<![.\-])(?![A-Za-z0-9_])"
)
SESSION_PATTERN = r"(?<![0-9A-Za-z])(?P<session>05[0-9A-Fa-f]{64})(?![0-9A-Za-z])"
SIGNAL_PATTERN = (
    r"(?i:(?<![a-z0-9])signal" + _SEP + r")"
    r"(?:(?P<signal_phone>\+[1-9][0-9 ().\-]{6,20}[0-9])"
    r"|(?P<signal_user>[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}))"
    r"(?![0-9A-Za-z])"
    r"|(?i:signal\.me/#(?:p/(?P<signal_link_phone>\+[0-9]{7,15})"
    r"|(?:eu|u)/(?P<signal_link>[A-Za-z0-9_\-]{8,128})))"
)


def telegram(match: re.Match[str]) -> Found | None:
    name = match.group("tg_link") or match.group("tg")
    if name is None:
        return None
    group = "tg_link" if match.group("tg_link") else "tg"
    lowered = name.lower()
    # without "@", "telegram: name" is a handle only after a separator, never an ordinary word
    bare = group == "tg" and match.group("tg_at") is None
    if bare and (lowered in _NOT_NAMES or not _GAP.search(match.group("tg_gap"))):
        return None
    start = match.start("tg_at") if match.group("tg_at") else match.start(group)
    return Found(
        "telegram", lowered, match.string[start : match.end(group)], start, match.end(group)
    )


def wickr(match: re.Match[str]) -> Found | None:
    name = match.group("wickr")
    lead = match.string[match.start() : match.start("wickr")].lower()
    if name.lower() in _NOT_NAMES or not _WICKR_LEAD.search(lead):
        return None
    return Found("wickr", name.lower(), name, match.start("wickr"), match.end("wickr"))


def session(match: re.Match[str]) -> Found:
    sid = match.group("session")
    return Found("session", sid.lower(), sid, match.start("session"), match.end("session"))


def signal(match: re.Match[str]) -> Found | None:
    for group in ("signal_phone", "signal_link_phone"):
        number = match.group(group)
        if number is not None:
            try:
                parsed = phonenumbers.parse(number, None)
            except phonenumbers.NumberParseException:
                return None
            if not phonenumbers.is_valid_number(parsed):
                return None
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            country = phonenumbers.region_code_for_number(parsed)
            start, end = match.start(group), match.end(group)
            return Found("signal", e164, number, start, end, country)
    for group in ("signal_user", "signal_link"):
        name = match.group(group)
        if name is not None:
            value = name.lower() if group == "signal_user" else name
            return Found("signal", value, name, match.start(group), match.end(group))
    return None
