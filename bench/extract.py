"""Identifier extraction throughput: the seized scanner against a plain per-pattern ``re`` loop,
in the same run, on the same corpus.

The corpus is market-like text (listing descriptions, profiles, messages, shipping notes) with
identifiers planted in a share of the texts (Bitcoin addresses of every type, Monero, onion v2
and v3, PGP fingerprints, e-mail, Jabber, Telegram, Wickr, Session, Signal, phones of many
countries, postal addresses of twelve countries) and false-positive traps (hex hashes, version
strings, dates, prices, order numbers, IPs, other coins) everywhere. Deterministic for a seed.

* ``seized``: :func:`seized.extract.extract` (prefilters, one token pass, rules run only where
  they can match);
* ``plain loop``: :func:`seized.extract.patterns.naive_extract`, every rule's regex over every
  text with the same validation.

Prints MB/s of each and the ratio, checks that both find the same identifiers, and scores the
planted identifiers (precision and recall). Usage::

    python bench/extract.py [--mb 50] [--seed 1] [--quick]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable

import phonenumbers

from seized.chain.address import p2pkh_address, p2sh_address, p2tr_address, p2wpkh_address
from seized.extract import Found, extract
from seized.extract.patterns import naive_extract

Planted = tuple[str, str, str | None]

WORDS = [
    "top",
    "quality",
    "stealth",
    "shipping",
    "vacuum",
    "sealed",
    "escrow",
    "finalize",
    "early",
    "reship",
    "refund",
    "policy",
    "pure",
    "crystal",
    "pills",
    "pressed",
    "batch",
    "tested",
    "lab",
    "report",
    "grams",
    "ounce",
    "discount",
    "bulk",
    "order",
    "vendor",
    "buyer",
    "market",
    "trusted",
    "fast",
    "delivery",
    "tracking",
    "dispute",
    "feedback",
    "thanks",
    "bro",
    "received",
    "package",
    "today",
    "weight",
    "accurate",
    "product",
    "amazing",
    "again",
    "recommend",
    "will",
    "order",
    "more",
    "please",
    "contact",
    "before",
    "ordering",
    "we",
    "ship",
    "worldwide",
    "except",
    "australia",
    "no",
    "weekends",
    "orders",
    "placed",
    "after",
    "noon",
    "ship",
    "next",
    "day",
    "customs",
    "safe",
    "double",
    "vacuum",
    "mylar",
    "bag",
    "smell",
    "proof",
    "the",
    "and",
    "of",
    "to",
]
TRAPS = (
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "v1.2.3.4",
    "2024-01-02 14:33",
    "$1,299.00",
    "order #100234567890",
    "192.168.100.200",
    "ETH 0x5be5543ff73456ab9f2d207887e2af87322c651e",
    "TRX TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq",
    "+18 bonus",
    "Lorem1psumDolorSitAmetConsectetur",
    "10115 Berlin",
    "@bestvendor",
)
XMR = (
    "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
    "4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge",
)
PHONES = (  # (format with {} for random digits, E.164 prefix, country)
    ("+49 151 {8}", "+49151", "DE"),
    ("+31 6 {8}", "+316", "NL"),
    ("+1 (512) 555-01{2}", "+151255501", "US"),
    ("+44 7400 {6}", "+447400", "GB"),
    ("+33 6 {8}", "+336", "FR"),
    ("+43 664 {7}", "+43664", "AT"),
    ("+41 79 {7}", "+4179", "CH"),
    ("+48 512 {6}", "+48512", "PL"),
    ("+55 11 9{8}", "+55119", "BR"),
    ("+34 612 {6}", "+34612", "ES"),
    ("+39 312 {7}", "+39312", "IT"),
)
ADDRESSES = (  # (text, value, country)
    ("Hauptstraße {n}\n10115 Berlin\nGermany", "Hauptstraße {n}, 10115 Berlin", "DE"),
    ("Kerkstraat {n}\n1017 AB Amsterdam", "Kerkstraat {n}, 1017 AB Amsterdam", "NL"),
    ("{n} Maple Dr\nAustin, TX 78701\nUSA", "{n} Maple Dr, Austin, TX 78701", "US"),
    ("{n} Station Road\nLeeds\nLS1 4DY", "{n} Station Road, Leeds, LS1 4DY", "GB"),
    ("{n} rue de la Paix\n75002 PARIS\nFrance", "{n} rue de la Paix, 75002 PARIS", "FR"),
    ("Mariahilfer Straße {n}, 1060 Wien", "Mariahilfer Straße {n}, 1060 Wien", "AT"),
    ("Bahnhofstrasse {n}, 8001 Zürich", "Bahnhofstrasse {n}, 8001 Zürich", "CH"),
    ("ul. Długa {n}\n00-238 Warszawa", "ul. Długa {n}, 00-238 Warszawa", "PL"),
    (
        "Rua das Flores, {n}\nCuritiba - PR\n80010-010",
        "Rua das Flores, {n}, Curitiba - PR, 80010-010",
        "BR",
    ),
    ("Calle Mayor, {n}\n28013 Madrid\nEspaña", "Calle Mayor, {n}, 28013 Madrid", "ES"),
    ("Via Roma {n}, 00184 Roma", "Via Roma {n}, 00184 Roma", "IT"),
    ("Rue Neuve {n}, 1000 Bruxelles", "Rue Neuve {n}, 1000 Bruxelles", "BE"),
)
SERVERS = ("exploit.im", "jabber.de", "xmpp.jp", "jabber.calyxinstitute.org")


def _name(rng: random.Random) -> str:
    return (
        rng.choice(("green", "frosty", "candy", "night", "dutch", "royal"))
        + "_"
        + (rng.choice(("plug", "shop", "owl", "leaf", "store")) + str(rng.randint(10, 999)))
    )


def _onion_v3(rng: random.Random) -> str:
    pubkey = rng.randbytes(32)
    check = hashlib.sha3_256(b".onion checksum" + pubkey + b"\x03").digest()[:2]
    return base64.b32encode(pubkey + check + b"\x03").decode().lower() + ".onion"


def plant(rng: random.Random) -> tuple[str, Planted]:
    """One identifier as written in a text, and what should be found."""
    kind = rng.randrange(16)
    if kind == 0:
        a = p2pkh_address(rng.randbytes(20))
        return f"BTC: {a}", ("btc_address", a, None)
    if kind == 1:
        a = p2sh_address(rng.randbytes(20))
        return f"send to {a}", ("btc_address", a, None)
    if kind == 2:
        a = rng.choice((p2wpkh_address, p2tr_address))(
            rng.randbytes(20 if rng.random() < 0.5 else 32)
        )
        return f"payout {a}", ("btc_address", a, None)
    if kind == 3:
        a = rng.choice(XMR)
        return f"XMR {a}", ("xmr_address", a, None)
    if kind == 4:
        o = _onion_v3(rng)
        return f"mirror http://{o}/market", ("onion", o, None)
    if kind == 5:
        fpr = rng.randbytes(20).hex().upper()
        return f"PGP fingerprint: {fpr}", ("pgp_fingerprint", fpr, None)
    if kind == 6:
        user = _name(rng)
        return f"mail {user}@protonmail.com", ("email", f"{user}@protonmail.com", None)
    if kind == 7:
        user, server = _name(rng), rng.choice(SERVERS)
        return f"jabber: {user}@{server}", ("jabber", f"{user}@{server}", None)
    if kind == 8:
        user = _name(rng)
        return f"telegram @{user}", ("telegram", user, None)
    if kind == 9:
        user = _name(rng)
        return f"wickr me: {user}", ("wickr", user, None)
    if kind == 10:
        sid = "05" + rng.randbytes(32).hex()
        return f"session {sid}", ("session", sid, None)
    if kind in (11, 12):
        written, prefix, country = rng.choice(PHONES)
        size = int(written.split("{")[1].split("}")[0])
        while True:  # numbers in ranges the numbering plan has allocated
            digits = "".join(str(rng.randint(0, 9)) for _ in range(size))
            if phonenumbers.is_valid_number(phonenumbers.parse(prefix + digits)):
                break
        text = written.split("{")[0] + digits + written.split("}")[1]
        e164 = prefix + digits
        if kind == 12:
            return f"signal: {text}", ("signal", e164, country)
        return f"call {text}", ("phone", e164, country)
    text, value, country = rng.choice(ADDRESSES)
    n = rng.randint(1, 180)
    return f"ship to\nMax Weber\n{text.format(n=n)}\nthanks", (
        "postal_address",
        value.format(n=n),
        country,
    )


def corpus(mb: float, seed: int) -> tuple[list[str], list[list[Planted]]]:
    rng = random.Random(seed)
    texts: list[str] = []
    truth: list[list[Planted]] = []
    size = 0
    while size < mb * 1_000_000:
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 300))]
        planted: list[Planted] = []
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(TRAPS))
        if rng.random() < 0.15:
            for _ in range(rng.randint(1, 2)):
                written, item = plant(rng)
                words.insert(rng.randrange(len(words)), "\n" + written + "\n")
                planted.append(item)
        text = " ".join(words)
        texts.append(text)
        truth.append(planted)
        size += len(text.encode("utf-8"))
    return texts, truth


def timed(fn: Callable[[str], list[Found]], texts: list[str]) -> tuple[float, list[list[Found]]]:
    """CPU seconds (single-threaded, so other load on the machine does not count) and results."""
    start = time.process_time()
    out = [fn(t) for t in texts]
    return time.process_time() - start, out


def score(
    found: list[list[Found]], truth: list[list[Planted]]
) -> tuple[float, float, Counter[str]]:
    tp = fp = fn = 0
    missed: Counter[str] = Counter()
    for got, want in zip(found, truth, strict=True):
        rest = list(want)
        for f in got:
            item = (f.kind, f.value, f.country)
            if item in rest:
                rest.remove(item)
                tp += 1
            else:
                fp += 1
                missed["fp " + f.kind] += 1
        fn += len(rest)
        missed.update("fn " + k for k, _, _ in rest)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="a 2 MB smoke run")
    args = parser.parse_args()
    mb = 2.0 if args.quick else args.mb
    texts, truth = corpus(mb, args.seed)
    total = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    planted = sum(len(t) for t in truth)
    print(f"corpus: {len(texts)} texts, {total:.1f} MB, {planted} planted identifiers")
    fast_s, fast = timed(extract, texts)
    naive_s, naive = timed(naive_extract, texts)
    same = fast == naive
    precision, recall, missed = score(fast, truth)
    print(f"seized extract   {total / fast_s:8.2f} MB/s  ({fast_s:.1f} s CPU)")
    print(f"plain re loop    {total / naive_s:8.2f} MB/s  ({naive_s:.1f} s CPU)")
    print(f"ratio            {naive_s / fast_s:8.2f}x  (target >= 5x)")
    print(f"same identifiers {same}")
    print(f"planted: precision {precision:.4f}, recall {recall:.4f}  {dict(missed) or ''}")
    if not same:
        raise SystemExit("the fast scanner and the plain loop disagree")


if __name__ == "__main__":
    main()
