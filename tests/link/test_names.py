"""Usernames written another way: separators, case and leetspeak."""

from __future__ import annotations

from seized.link.exclusions import build_exclusions
from seized.link.features import build_features
from seized.link.hard import build_identifiers, hard_edges
from seized.link.options import LinkOptions
from tests.link.conftest import LinkCase


def _names(link_case: LinkCase) -> dict[str, tuple[str | None, str | None, str | None]]:
    link_case.write()
    options = LinkOptions()
    with link_case.case.connect() as con:
        build_identifiers(con)
        build_exclusions(con, options)
        hard_edges(con)
        build_features(con, options)
        rows = con.execute(
            "SELECT unique_id, name_compact, name_leet, name_norm FROM link_features"
        ).fetchall()
    return {str(r[0]): (r[1], r[2], r[3]) for r in rows}


def test_leetspeak_is_undone_before_the_number_is_stripped(link_case: LinkCase) -> None:
    names = {
        "0tt3r_e5": ("0tt3re5", "otteres", "otteres"),
        "otter_es": ("otteres", "otteres", "otteres"),
        "r4ven4411": ("r4ven4411", "ravenaaii", "raven"),
        "raven4411": ("raven4411", "ravenaaii", "raven"),
        "Gr33nFox42": ("gr33nfox42", "greenfoxa2", "greenfox"),
        "silent.fox.77": ("silentfox77", "silentfoxtt", "silentfox"),
        "badger_4410": ("badger4410", "badgeraaio", "badger"),
        "fox_7": ("fox7", "foxt", "fox"),
    }
    for i, name in enumerate(names):
        link_case.account(f"m1:{i}", name, "buyer")
    found = _names(link_case)
    assert {name: found[f"m1:{i}"] for i, name in enumerate(names)} == names


def _strangers(link_case: LinkCase) -> None:
    words = ("mike", "lisa", "tom", "night", "chem", "raver", "jo", "sam", "anon", "k")
    for i in range(60):
        for n, market in enumerate(("m1", "m2")):
            number = (i * 7919 + n * 104729) % 100000
            link_case.account(f"{market}:s{i}", f"{words[i % 10]}{number}", "buyer")


def test_a_name_in_leetspeak_is_linked(link_case: LinkCase) -> None:
    _strangers(link_case)
    pairs = [
        ("raven4411", "r4ven4411"),
        ("otter_es", "0tt3r_e5"),
        ("silent_fox77", "S1lent.F0x.77"),
    ]
    for i, (a, b) in enumerate(pairs):
        link_case.account(f"m1:x{i}", a, "buyer")
        link_case.account(f"m2:x{i}", b, "buyer")
    persons = link_case.link()
    for i, (a, b) in enumerate(pairs):
        assert persons[f"m1:x{i}"] == persons[f"m2:x{i}"], (a, b)
    assert (
        len({persons[f"m1:s{i}"] for i in range(60)} | {persons[f"m2:s{i}"] for i in range(60)})
        == 120
    )


def test_a_rare_name_without_digits_is_a_hard_link(link_case: LinkCase) -> None:
    # shop names of three to nine letters without digits, one differing only in case, each
    # on two markets: rare in the case and in no list of common handles
    shops = [
        ("Zok", "zok"),
        ("Voukten", "Voukten"),
        ("kraboulin", "KRABOULIN"),
        ("Mounbix", "mounbix"),
    ]
    for i, (a, b) in enumerate(shops):
        link_case.account(f"m1:{i}", a)
        link_case.account(f"m2:{i}", b)
    # names that many people pick: common handles, names made of common words, pasted text,
    # and a name two accounts of one market hold
    common = ["GreenDragon", "mike", "SilentFox", "Kush", "<img src=x onerror=alert(1)>"]
    for i, name in enumerate(common):
        link_case.account(f"m1:c{i}", name)
        link_case.account(f"m3:c{i}", name)
    for market in ("m1", "m2", "m3"):
        link_case.account(f"{market}:t", "Trabelo" if market != "m3" else "trabelo")
    link_case.account("m3:t2", "TRABELO")
    persons = link_case.link(model=False)
    for i, _ in enumerate(shops):
        assert persons[f"m1:{i}"] == persons[f"m2:{i}"], shops[i]
    for i, name in enumerate(common):
        assert persons[f"m1:c{i}"] != persons[f"m3:c{i}"], name
    assert len({persons[f"{m}:t"] for m in ("m1", "m2", "m3")} | {persons["m3:t2"]}) == 4


def test_a_rare_name_written_another_way_is_a_hard_link(link_case: LinkCase) -> None:
    pairs = [("silent_fox77", "Silent.Fox.77"), ("raven4411", "r4ven4411"), ("Voukten", "v0ukt3n")]
    for i, (a, b) in enumerate(pairs):
        link_case.account(f"m1:{i}", a, "buyer")
        link_case.account(f"m2:{i}", b, "buyer")
    # on one market, a name written another way may be a copycat: left to the model
    link_case.account("m1:k", "kraboul", "buyer")
    link_case.account("m1:k2", "kr4boul", "buyer")
    # common words in leetspeak are still common words
    link_case.account("m1:g", "GreenDragon", "buyer")
    link_case.account("m2:g", "gr33n_dr4gon", "buyer")
    persons = link_case.link(model=False)
    for i, (a, b) in enumerate(pairs):
        assert persons[f"m1:{i}"] == persons[f"m2:{i}"], (a, b)
    assert persons["m1:k"] != persons["m1:k2"] and persons["m1:g"] != persons["m2:g"]
    with link_case.case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT rule, value FROM link_edges WHERE account_a = 'm1:0' AND account_b = 'm2:0'"
        ).fetchall()
    assert rows == [("similar_username", "silent_fox77 / silent.fox.77")]
