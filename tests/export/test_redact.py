"""The redactor withholds whole tokens of other jurisdictions, never part of an identifier."""

from __future__ import annotations

import random

from seized.export.redact import WITHHELD, Redactor, english_words, joined, vocabulary


def test_replaces_foreign_values_as_whole_tokens_ignoring_case() -> None:
    r = Redactor(["tulpenhandel", "Keizersgracht 123"], own=[])
    text = "ask TulpenHandel about keizersgracht 123 today"
    assert r.redact(text) == f"ask {WITHHELD} about {WITHHELD} today"
    assert r.redact("(tulpenhandel), tulpenhandel's shop.") == f"({WITHHELD}), {WITHHELD}'s shop."


def test_colliding_account_ids_are_not_cut() -> None:
    r = Redactor(["m:1", "nightowl:2"])
    assert r.redact("m:14 wrote to m:1") == f"m:14 wrote to {WITHHELD}"
    assert r.redact("nightowl:27 and nightowl:2.") == f"nightowl:27 and {WITHHELD}."
    assert r.redact("xm:1 m:1x m:1:5 m:1-a") == "xm:1 m:1x m:1:5 m:1-a"


def test_prefix_usernames_are_not_cut() -> None:
    r = Redactor(["LuckyLab", "zorro"])
    assert r.redact("LuckyLab30 is not LuckyLab") == f"LuckyLab30 is not {WITHHELD}"
    assert r.redact("zorro.97410, zorro_2 and zorro") == f"zorro.97410, zorro_2 and {WITHHELD}"
    assert r.redact("@LuckyLab!") == f"@{WITHHELD}!"


def test_dictionary_words_and_category_words_are_never_searched() -> None:
    r = Redactor(["fake", "slow", "COLOR", "Cannabis", "Benzos", "tulpenhandel"], common=["benzos"])
    text = "No fake stuff, slow but good COLOR. Drugs > Cannabis > Weed, Benzos from tulpenhandel"
    assert r.redact(text) == text.replace("tulpenhandel", WITHHELD)
    assert len(r) == 1
    assert {"fake", "slow", "color", "cannabis"} <= english_words()
    assert "tulpenhandel" not in english_words()


def test_case_vocabulary_is_the_words_of_the_categories() -> None:
    assert vocabulary(["Drugs > Cannabis > Weed", None, "Drugs > Benzos"]) == {
        "drugs",
        "cannabis",
        "weed",
        "benzos",
    }


def test_keeps_values_the_package_owns_short_values_and_small_numbers() -> None:
    r = Redactor(["kowal", "bo", "shared_name", "1000", "+49 151 2345678"], own=["shared_name"])
    text = "bo and shared_name and kowalski and kowal: 1000 pills, call +49 151 2345678"
    assert r.redact(text) == (
        f"bo and shared_name and kowalski and {WITHHELD}: 1000 pills, call {WITHHELD}"
    )


def test_longest_match_wins_and_nested_values_are_redacted() -> None:
    r = Redactor(["zorro", "zorro lab"])
    assert r.redact("xx zorro lab yy") == f"xx {WITHHELD} yy"
    assert r.value({"k": ["zorro!", 3, None]}) == {"k": [f"{WITHHELD}!", 3, None]}


def test_whole_values_only() -> None:
    r = Redactor(["bc1qforeign000000000000000000"])
    assert r.whole("bc1qforeign000000000000000000") == WITHHELD
    assert r.whole("bc1qforeign0000000000000000001") == "bc1qforeign0000000000000000001"
    assert r.whole(5) == 5


def test_empty_redactor_returns_text_unchanged() -> None:
    assert Redactor([None, ""]).redact("anything at all") == "anything at all"


def test_vocabulary_words_used_as_usernames_stay() -> None:
    r = Redactor(["admin", "vendor", "tulpenhandel"])
    assert r.redact("role admin, vendor tulpenhandel") == f"role admin, vendor {WITHHELD}"


def test_identifier_boundaries() -> None:
    assert joined("ab", 1) and joined("a.b", 1) and joined("a.b", 2) and joined("a:1", 2)
    assert not joined("a b", 1) and not joined("a.", 1) and not joined(".a", 1)
    assert not joined("ab", 0) and not joined("ab", 2)


def _longest_whole(needles: list[str], own: list[str], text: str) -> str:
    """The reference: at each position the longest needle standing as a whole token."""
    from seized.export.redact import COMMON, MIN_DIGITS, MIN_LENGTH, _fold

    keep = {_fold(v) for v in own}
    found = {_fold(n) for n in needles} - keep - COMMON - english_words()
    found = {
        n
        for n in found
        if len(n) >= MIN_LENGTH
        and (any(c.isalpha() for c in n) or sum(c.isdigit() for c in n) >= MIN_DIGITS)
    }
    low, out, i, start = _fold(text), [], 0, 0
    while i < len(low):
        hit = None
        if not joined(low, i):
            fits = [n for n in found if low.startswith(n, i) and not joined(low, i + len(n))]
            hit = max(fits, key=len, default=None)
        if hit is None:
            i += 1
            continue
        out += [text[start:i], WITHHELD]
        i += len(hit)
        start = i
    return "".join(out) + text[start:] if out else text


def test_values_sharing_their_first_characters_are_all_found() -> None:
    rng = random.Random(11)
    for _ in range(300):
        heads = ["".join(rng.choice("bc1q") for _ in range(3)) for _ in range(3)]
        needles = [
            rng.choice(heads) + "".join(rng.choice("ab1q_.-:") for _ in range(rng.randint(1, 8)))
            for _ in range(rng.randint(1, 40))
        ]
        own = rng.sample(needles, 2) if len(needles) > 2 else []
        text = " ".join(
            rng.choice([*needles, "bc1", "zz"]) + rng.choice(["", " ", "x", ".", "1"])
            for _ in range(25)
        )
        assert Redactor(needles, own).redact(text) == _longest_whole(needles, own, text)
