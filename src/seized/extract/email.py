"""E-mail addresses and Jabber/XMPP ids, which look the same.

The rule (in this order):

1. an address right after a Jabber context word (``jabber``, ``xmpp``, ``jid``, or an ``xmpp:``
   URI) on the same line is a Jabber id; after an e-mail word (``email``, ``e-mail``, ``mail``)
   it is an e-mail address;
2. otherwise an address on a known public XMPP server (:data:`XMPP_SERVERS`), or on a host whose
   first label is ``jabber`` or ``xmpp``, is a Jabber id;
3. everything else is an e-mail address.

Both are normalized to lower case (the local part of an e-mail is case-sensitive in theory,
never in practice). A Jabber resource (``/phone``) is dropped.
"""

from __future__ import annotations

import re

from seized.extract.context import platform_before
from seized.extract.found import Found

PATTERN = (
    r"(?<![\w.+\-])(?P<local>[^\W_][\w.%+\-]{0,63})@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?P<resource>/[\w.\-]{1,64})?(?![\w\-])"
)

#: Public XMPP servers popular on markets (a selection; any host named jabber.* or xmpp.* also
#: counts).
XMPP_SERVERS: frozenset[str] = frozenset(
    {
        "404.city",
        "5222.de",
        "blabber.im",
        "chatterboxtown.us",
        "conversations.im",
        "creep.im",
        "darkness.su",
        "exploit.im",
        "jabb.im",
        "jabber.at",
        "jabber.calyxinstitute.org",
        "jabber.ccc.de",
        "jabber.cz",
        "jabber.de",
        "jabber.fr",
        "jabber.hot-chilli.net",
        "jabber.org",
        "jabber.ru",
        "jabber.se",
        "jabber.sk",
        "jabber.systemli.org",
        "jabberes.org",
        "jabbim.com",
        "jabbim.cz",
        "jabbim.pl",
        "jabbim.sk",
        "macaw.me",
        "paranoid.im",
        "prvtpub.im",
        "securejabber.me",
        "thesecure.biz",
        "trashserver.net",
        "xmpp.is",
        "xmpp.jp",
        "xmpp.zone",
        "yax.im",
        "zsim.de",
    }
)

#: File names that look like addresses (``logo@2x.png``).
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "html", "php"})


def is_xmpp_server(domain: str) -> bool:
    """True for a known XMPP server or a host named ``jabber.*`` / ``xmpp.*``."""
    return domain in XMPP_SERVERS or domain.startswith(("jabber.", "xmpp."))


def classify(text: str, match: re.Match[str]) -> Found | None:
    """An ``email`` or ``jabber`` find from a :data:`PATTERN` match."""
    domain = match.group("domain").lower()
    if domain.rsplit(".", 1)[1] in _NOT_TLD:
        return None
    local = match.group("local").lower()
    start = match.start()
    context = platform_before(text, start)
    if context == "telegram":  # "telegram: @name" is matched by the handle rule, not here
        context = None
    if context == "jabber" or (context != "email" and is_xmpp_server(domain)):
        end = match.end()
        raw = match.group(0)
        if match.group("resource"):
            end = match.start("resource")
            raw = text[start:end]
        return Found("jabber", f"{local}@{domain}", raw, start, end)
    end = match.start("resource") if match.group("resource") else match.end()
    return Found("email", f"{local}@{domain}", text[start:end], start, end)
