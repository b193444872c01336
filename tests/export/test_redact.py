from __future__ import annotations

from seized.export.redact import WITHHELD, Redactor


def test_replaces_foreign_values_anywhere_ignoring_case() -> None:
    r = Redactor(["tulpenhandel", "Keizersgracht 123"], own=[])
    text = "ask TulpenHandel about keizersgracht 123 today"
    assert r.redact(text) == f"ask {WITHHELD} about {WITHHELD} today"


def test_keeps_values_the_package_owns_and_short_values() -> None:
    r = Redactor(["hans", "bob", "shared_name"], own=["shared_name"])
    assert r.redact("bob and shared_name and hansel") == f"bob and shared_name and {WITHHELD}el"


def test_longest_match_wins_and_nested_values_are_redacted() -> None:
    r = Redactor(["abcd", "abcdefgh"])
    assert r.redact("xxabcdefghyy") == f"xx{WITHHELD}yy"
    assert r.value({"k": ["abcd!", 3, None]}) == {"k": [f"{WITHHELD}!", 3, None]}


def test_empty_redactor_returns_text_unchanged() -> None:
    assert Redactor([None, ""]).redact("anything at all") == "anything at all"


def test_vocabulary_words_used_as_usernames_stay() -> None:
    r = Redactor(["admin", "vendor", "tulpenhandel"])
    assert r.redact("role admin, vendor tulpenhandel") == f"role admin, vendor {WITHHELD}"
