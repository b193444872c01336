"""Hard links, no-over-merging rules, overrides and review flags on small hand-built cases."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from seized.errors import InputError
from seized.link.options import LinkOptions
from tests.link.conftest import LinkCase

FP = "30412B56ED99D7AFF8C1DFCDB582B1819F5AEEA5"


def test_shared_pgp_key_links_accounts_across_markets(link_case: LinkCase) -> None:
    a = link_case.account("m1:1", "NorthStar", pgp_fingerprint=FP)
    b = link_case.account("m2:9", "PolarisShop", pgp_fingerprint=FP.lower())
    c = link_case.account("m3:4", "Unrelated", pgp_fingerprint="AB" * 20)
    persons = link_case.link(model=False)
    assert persons[a] == persons[b] != persons[c]
    proof, review = link_case.evidence(a)
    assert proof["links"] == [{"to": b, "rule": "shared_pgp", "value": FP}]
    assert proof["accounts"] == 2 and not review


def test_shared_payout_address_handle_and_email_link(link_case: LinkCase) -> None:
    a = link_case.account("m1:1", "alpha")
    b = link_case.account("m2:1", "beta")
    c = link_case.account("m2:2", "gamma", contact="jabber: gamma77@xmpp.is")
    d = link_case.account("m3:1", "delta", profile="reach me: gamma77@xmpp.is")
    e = link_case.account("m1:2", "eps", email="Eps.Person@protonmail.com")
    f = link_case.account("m3:2", "phi", email="eps.person@protonmail.com")
    link_case.wallet(a, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "withdrawal")
    link_case.payout(b, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
    persons = link_case.link(model=False)
    assert persons[a] == persons[b]
    assert persons[c] == persons[d]
    assert persons[e] == persons[f]
    assert len({persons[a], persons[c], persons[e]}) == 3
    rules = {link["rule"] for x in (a, c, e) for link in link_case.evidence(x)[0]["links"]}
    assert rules == {"shared_address", "shared_handle", "shared_email"}


def test_strangers_sharing_a_common_name_stay_apart(link_case: LinkCase) -> None:
    admins = [
        link_case.account(f"m{i}:1", name, "staff")
        for i, name in enumerate(("admin", "Admin", "ADMIN", "support"), start=1)
    ]
    supports = [link_case.account(f"m{i}:2", "support", "staff") for i in (1, 2, 3)]
    persons = link_case.link(model_same_market=True)
    assert len({persons[a] for a in admins + supports}) == len(admins + supports)


def _trade(link_case: LinkCase, second: str = "greendragon77") -> tuple[str, str]:
    """Two vendors with a distinctive name (GreenDragon77 and ``second``) and one trade, among
    80 vendors to measure how rare agreement is."""
    for i in range(40):
        v = link_case.account(f"m1:{i}", f"shop{i}x{i * 7}")
        link_case.listing(v, f"{i}g thing{i}", f"Drugs > Cat{i % 9}", "NL")
        w = link_case.account(f"m2:{i}", f"store{i}y{i * 3}")
        link_case.listing(w, f"{i}g other{i}", f"Cat{(i + 4) % 9}", "DE")
    a = link_case.account("m1:x", "GreenDragon77")
    b = link_case.account("m2:x", second)
    for v, category in ((a, "Drugs > Cannabis > Weed"), (b, "Weed")):
        link_case.listing(
            v,
            "10g Amnesia Haze",
            category,
            "ES",
            description="Amnesia. Stealth is our priority, vacuum sealed.",
        )
    return a, b


def test_same_distinctive_name_and_trade_are_linked_by_the_model(link_case: LinkCase) -> None:
    a, b = _trade(link_case)
    persons = link_case.link()
    assert persons[a] == persons[b]
    proof, _ = link_case.evidence(a)
    (model,) = [x for x in proof["links"] if x["rule"] == "model"]
    assert model["to"] == b and model["probability"] >= 0.5
    assert model["fields"]["username"] > 0 and "categories" in model["fields"]


def test_a_model_link_between_vendors_needs_the_vendor_threshold(link_case: LinkCase) -> None:
    a, b = _trade(link_case, "GreenDragons77")  # a like name, not the same: no hard link
    persons = link_case.link(match_probability=0.05, vendor_match_probability=0.05)
    assert persons[a] == persons[b]
    (model,) = [x for x in link_case.evidence(a)[0]["links"] if x["rule"] == "model"]
    weaker = model["probability"] - 0.001
    assert 0.05 < weaker < 1.0
    # the same evidence between two vendors, asked for more than it gives: refused, on record
    stricter = model["probability"] + 0.001
    persons = link_case.link(match_probability=0.05, vendor_match_probability=stricter)
    assert persons[a] != persons[b]
    with link_case.case.connect(read_only=True) as con:
        refused = con.execute(
            "SELECT accepted, reason FROM link_edges WHERE rule = 'model' "
            "AND ? IN (account_a, account_b) AND ? IN (account_a, account_b)",
            [a, b],
        ).fetchall()
    assert refused == [(False, "below_vendor_threshold")]
    # asked for a little less, linked again
    persons = link_case.link(match_probability=0.05, vendor_match_probability=weaker)
    assert persons[a] == persons[b]


def test_market_wallet_and_crowded_address_link_nobody(link_case: LinkCase) -> None:
    hot = "3LvxApBADhbTUxVnGoVosBNSSpQZ76op8X"
    crowd = "bc1qv5sxtathk0f4qxxzlrlw3qx0gt558uc98zg6dg"
    link_case.wallet(None, hot, "hot", market="m1")
    accounts = [link_case.account(f"m{1 + i % 3}:{i}", f"user{i}x{i}", "buyer") for i in range(8)]
    link_case.payout(accounts[0], hot)
    link_case.payout(accounts[1], hot)
    for account in accounts:
        link_case.wallet(account, crowd, "refund")
    persons = link_case.link(model=False)
    assert len(set(persons.values())) == len(accounts)
    with link_case.case.connect(read_only=True) as con:
        reasons = dict(con.execute("SELECT value, reason FROM link_exclusions").fetchall())
    assert reasons == {hot: "market_wallet", crowd: "crowded"}


def test_tutorial_key_links_nobody(link_case: LinkCase) -> None:
    link_case.pgp_key(FP, ["Alice Tutorial <alice@example.com>"])
    a = link_case.account("m1:1", "one", pgp_fingerprint=FP)
    b = link_case.account("m2:1", "two", pgp_fingerprint=FP)
    persons = link_case.link(model=False)
    assert persons[a] != persons[b]


def _chain(link_case: LinkCase) -> tuple[str, str, str]:
    a = link_case.account("m1:1", "aaa", pgp_fingerprint=FP)
    b = link_case.account("m2:1", "bbb", pgp_fingerprint=FP)
    c = link_case.account("m3:1", "ccc")
    link_case.wallet(b, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "withdrawal")
    link_case.wallet(c, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "withdrawal")
    return a, b, c


def test_cannot_link_splits_a_chain_of_hard_links(link_case: LinkCase, tmp_path: Path) -> None:
    a, b, c = _chain(link_case)
    assert len(set(link_case.link(model=False).values())) == 1
    overrides = tmp_path / "overrides.txt"
    overrides.write_text(f"# analyst\ncannot-link {a} {c}  two people, one key\n")
    persons = link_case.link(overrides, model=False)
    assert persons[a] != persons[c]
    assert persons[b] == persons[a]  # the stronger link (the key) is kept
    proof, review = link_case.evidence(a)
    assert review and proof["review"][0] == "cannot_link"
    # a rerun without the file still respects it
    assert link_case.link(model=False)[a] != link_case.link(model=False)[c]


def test_must_link_joins_and_an_empty_file_clears(link_case: LinkCase, tmp_path: Path) -> None:
    a = link_case.account("m1:1", "quiet")
    b = link_case.account("m2:1", "silent")
    overrides = tmp_path / "overrides.txt"
    overrides.write_text(f"must-link {a} {b} same stealth photos\n")
    assert link_case.link(overrides, model=False)[a] == link_case.persons()[b]
    proof, _ = link_case.evidence(b)
    assert proof["links"] == [{"to": a, "rule": "must_link", "value": "same stealth photos"}]
    again = link_case.link(model=False)
    assert again[a] == again[b]
    overrides.write_text("# nothing any more\n")
    cleared = link_case.link(overrides, model=False)
    assert cleared[a] != cleared[b]


def test_review_flag_when_accounts_disagree_on_hard_facts(link_case: LinkCase) -> None:
    a = link_case.account("m1:1", "north", pgp_fingerprint=FP)
    b = link_case.account("m2:1", "south", pgp_fingerprint=FP)
    link_case.listing(a, "5g x", "Weed", "DE")
    link_case.listing(b, "5g x", "Weed", "US")
    c = link_case.account("m1:2", "east", pgp_fingerprint="CD" * 20)
    d = link_case.account("m2:2", "west", pgp_fingerprint="CD" * 20)
    link_case.listing(c, "5g x", "Weed", "FR")
    link_case.listing(d, "5g x", "Weed", "FR")
    link_case.link(model=False)
    proof, review = link_case.evidence(a)
    assert review and proof["review"] == ["ships_from"]
    assert link_case.evidence(c)[1] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("must-link m1:1\n", "not an override"),
        ("maybe-link m1:1 m2:1\n", "not an override"),
        ("cannot-link m1:1 m1:1\n", "two different accounts"),
        ("must-link m1:1 m9:9\n", "no account 'm9:9'"),
        ("must-link m1:1 m2:1\ncannot-link m2:1 m1:1\n", "both must-link and cannot-link"),
    ],
)
def test_bad_overrides_name_the_line(
    link_case: LinkCase, tmp_path: Path, text: str, message: str
) -> None:
    link_case.account("m1:1", "one")
    link_case.account("m2:1", "two")
    link_case.write()
    overrides = tmp_path / "bad.txt"
    overrides.write_text("# header\n" + text)
    with pytest.raises(InputError) as caught:
        link_case.link(overrides)
    assert message in str(caught.value)
    assert caught.value.line == text.count("\n") + 1


def test_same_name_in_different_countries_is_no_link(link_case: LinkCase) -> None:
    # distinctive names, reused on two markets: one pair logs in from one country, the other
    # pair's accounts log in from Germany and the United States
    same = [link_case.account(f"m{i}:1", "jo.27699", "buyer") for i in (1, 2)]
    apart = [link_case.account(f"m{i}:2", "night_93678", "buyer") for i in (1, 2)]
    keyed = [link_case.account(f"m{i}:3", "Frost13", pgp_fingerprint=FP) for i in (1, 2)]
    for hour in (10, 11):  # one login says little; two from one country make it the account's
        for account in same:
            link_case.login(account, "85.214.0.1", f"2024-01-01 {hour}:00:00")
        for account, ip in zip(apart + keyed, ("85.214.0.1", "8.8.8.8") * 2, strict=True):
            link_case.login(account, ip, f"2024-01-01 {hour}:00:00")
    link_case.login(same[1], "8.8.8.8", "2024-01-02 10:00:00")  # a stray VPN exit
    persons = link_case.link()
    assert persons[same[0]] == persons[same[1]]
    assert persons[apart[0]] != persons[apart[1]]
    # a hard identifier outweighs the countries; the person is flagged for review
    assert persons[keyed[0]] == persons[keyed[1]]
    with link_case.case.connect(read_only=True) as con:
        reasons = con.execute(
            "SELECT DISTINCT reason FROM link_edges WHERE account_a = ? AND account_b = ?",
            sorted(apart),
        ).fetchall()
    assert reasons == [("countries_differ",)]


def _behaviour(link_case: LinkCase, account: str, greeting: str, signoff: str, hour: int) -> None:
    for day in range(1, 11):
        at = f"2024-02-{day:02d} {hour + day % 3:02d}:1{day % 6}:00"
        item = ("weed", "hash", "speed", "pills", "tabs", "shrooms", "oxy", "xanax", "ket", "md")
        link_case.message(account, f"{greeting}\nIs the {item[day % 10]} in stock?\n{signoff}", at)
        link_case.login(account, "127.0.0.1", at)


@pytest.mark.slow
def test_behaviour_only_accounts_are_linked_by_habits_and_hours(link_case: LinkCase) -> None:
    greetings = ("hey", "hello", "yo", "hi", "moin", "salut", "ahoy", "hej")
    signoffs = ("thx", "cheers", "peace", "bless", "ciao", "later", "greetz", "ttyl")
    for i in range(64):
        for market, hour in (("m1", i % 20), ("m2", (i * 7) % 20)):
            stranger = link_case.account(f"{market}:{i}", f"{market}buyer{i}", "buyer")
            _behaviour(link_case, stranger, greetings[i % 8], signoffs[(i // 8) % 8], hour)
    a = link_case.account("m1:x", "quietfox", "buyer")
    b = link_case.account("m2:x", "nightrider", "buyer")
    for account in (a, b):
        _behaviour(link_case, account, "Good evening comrade", "stay frosty", 21)
    persons = link_case.link()
    assert persons[a] == persons[b]
    proof, _ = link_case.evidence(a)
    (model,) = [x for x in proof["links"] if x["rule"] == "model"]
    assert model["fields"]["habits"] > 0 and model["fields"]["hours"] > 0
    # strangers who share one habit and not their hours are not joined
    assert (
        len({persons[f"m1:{i}"] for i in range(64)} | {persons[f"m2:{i}"] for i in range(64)})
        == 128
    )


def test_same_name_with_different_habits_is_no_link(link_case: LinkCase) -> None:
    apart = [link_case.account(f"m{i}:1", "mike.69084", "buyer") for i in (1, 2)]
    same = [link_case.account(f"m{i}:2", "raver.1234", "buyer") for i in (1, 2)]
    _behaviour(link_case, apart[0], "hey bro", "cheers", 8)
    _behaviour(link_case, apart[1], "Good evening", "regards", 20)
    for account in same:
        _behaviour(link_case, account, "yo", "peace", 14)
    persons = link_case.link(model=False)
    assert persons[same[0]] == persons[same[1]]
    assert persons[apart[0]] != persons[apart[1]]
    with link_case.case.connect(read_only=True) as con:
        reasons = con.execute(
            "SELECT rule, accepted, reason FROM link_edges WHERE account_a = ? AND account_b = ?",
            sorted(apart),
        ).fetchall()
    assert reasons == [("same_username", False, "habits_differ")]


def _on_two_markets(link_case: LinkCase, native_id: str, name: str, role: str) -> list[str]:
    """Accounts ``m1:<native_id>`` and ``m2:<native_id>``, both called ``name``."""
    return [link_case.account(f"m{i}:{native_id}", name, role) for i in (1, 2)]


def test_a_name_many_extend_with_digits_is_not_distinctive(link_case: LinkCase) -> None:
    # "<b>x7</b>" is wanted by many (three more took it with digits added): reused on two
    # markets it says nothing; "kestrel_42" is someone's own
    wanted = _on_two_markets(link_case, "1", "<b>x7</b>", "buyer")
    for n in range(3):
        link_case.account(f"m1:v{n}", f"<b>x7</b>{n + 2}", "buyer")
    own = _on_two_markets(link_case, "2", "kestrel_42", "buyer")
    persons = link_case.link(model=False)
    assert persons[wanted[0]] != persons[wanted[1]]
    assert persons[own[0]] == persons[own[1]]


def test_a_number_a_stranger_would_hit_is_not_distinctive(link_case: LinkCase) -> None:
    # forty vendors called GreenDragon<n> with n < 100: "greendragon42" on two markets may well
    # be two of them; six digits after "kestrel_" are someone's own
    for n in range(40):
        link_case.account(f"m{1 + n % 3}:g{n}", f"GreenDragon{n + 50}", "vendor")
    crowded = _on_two_markets(link_case, "x", "GreenDragon42", "vendor")
    for n in range(40):
        link_case.account(f"m3:k{n}", f"kestrel_{100000 + n * 7919}", "buyer")
    own = _on_two_markets(link_case, "y", "kestrel_483920", "buyer")
    persons = link_case.link(model=False)
    assert persons[crowded[0]] != persons[crowded[1]]
    assert persons[own[0]] == persons[own[1]]


def test_crowded_habits_propose_no_pairs(link_case: LinkCase, monkeypatch) -> None:
    """A habit set or a pair of habits that more than KEY_BLOCK_MAX accounts share is no
    blocking key (it would propose every pair of them), but stays a habit to compare."""
    from seized.link import features
    from seized.link.exclusions import build_exclusions
    from seized.link.hard import build_identifiers, hard_edges

    monkeypatch.setattr(features, "KEY_BLOCK_MAX", 3)
    crowd = [link_case.account(f"m{1 + i % 2}:c{i}", f"crowd{i}", "buyer") for i in range(5)]
    for i, account in enumerate(crowd):
        _behaviour(link_case, account, "hey there", "cheers mate", i)
    pair = [link_case.account(f"m{i}:p", f"pair{i}", "buyer") for i in (1, 2)]
    for account in pair:
        _behaviour(link_case, account, "good evening comrade", "stay frosty", 21)
    mixed = link_case.account("m1:x", "mixed", "buyer")
    _behaviour(link_case, mixed, "hey there", "stay frosty", 5)
    link_case.write()
    options = LinkOptions()
    with link_case.case.connect() as con:
        build_identifiers(con)
        build_exclusions(con, options)
        hard_edges(con)
        features.build_features(con, options)
        rows = con.execute(
            "SELECT unique_id, len(habits), habit_key, habit_pairs FROM link_features"
        ).fetchall()
    found = {str(a): (n, key, pairs) for a, n, key, pairs in rows}
    assert all(found[a] == (2, None, None) for a in crowd)
    (first, second) = (found[a] for a in pair)
    assert first == second and first[1] is not None and len(first[2]) == 1
    n, key, pairs = found[mixed]
    assert n == 2 and key is not None and key not in (first[1],) and len(pairs) == 1


def test_progress_names_the_phases_in_order(link_case: LinkCase) -> None:
    link_case.account("m1:1", "NorthStar", pgp_fingerprint=FP)
    link_case.account("m2:9", "PolarisShop", pgp_fingerprint=FP)
    seen: list[tuple[str, int, int]] = []
    link_case.link(model=False, progress=lambda *args: seen.append(args))
    assert seen == [
        ("link: blocking", 0, 1),
        ("link: blocking", 1, 1),
        ("link: scoring", 0, 1),
        ("link: scoring", 1, 1),
        ("link: resolving", 0, 2),
        ("link: resolving", 1, 2),
        ("link: resolving", 2, 2),
    ]


def test_the_model_database_is_bounded_like_the_case_store(
    link_case: LinkCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import seized.link.model

    seen: list[tuple[str, str]] = []
    api = seized.link.model.DuckDBAPI

    def bounded(connection: duckdb.DuckDBPyConnection) -> object:
        ((limit, spill),) = connection.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchall()
        seen.append((limit.replace(" ", ""), spill))
        return api(connection=connection)

    monkeypatch.setattr(seized.link.model, "DuckDBAPI", bounded)
    monkeypatch.setenv("SEIZED_MEMORY_LIMIT", "300MB")
    link_case.account("m1:1", "xX_Crystal_Kingpin_Xx", pgp_fingerprint="AB" * 20)
    link_case.account("m2:1", "xx_crystal_kingpin_xx")
    link_case.account("m2:2", "someone_else")
    link_case.link()
    spill = str(link_case.case.root / "tmp")
    assert seen and all(s == (seen[0][0], spill) for s in seen)
    assert seen[0][0] in {"286.1MiB", "300.0MB"}
