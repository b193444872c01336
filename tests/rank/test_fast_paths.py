"""The ranking's fast paths give what their simple references give, on random data: reasons
written from templates against json.dumps of score_person's reasons, the country evidence written
directly against json.dumps, the GeoIP lookup by bisection against locate, and shipping addresses
read by worker processes against reading them in one."""

from __future__ import annotations

import ipaddress
import json
import random
from datetime import datetime, timedelta

import pytest

from seized.geo.geoip import _public_spans, locate, login_country
from seized.rank import countries
from seized.rank import score as scoring
from seized.rank.countries import _ORDER, assign, evidence_json
from seized.rank.economics import Calibration
from seized.rank.estimates import ListingCalibration

# plain, accented, quoted, escaped, control, astral and empty texts
TEXTS = ["hydrant", "silkway:42", "Müller", 'say "hi"', "back\\slash", "tab\there", "🙂", "", "%s"]
METHODS = [
    "none",
    "orders",
    "feedback",
    "orders+feedback",
    "listing_sales",
    "listing_feedback",
    "orders+listing_sales+listing_feedback",
    "feedback+listing_feedback",
]
CALIBRATIONS = [
    (Calibration(1.0, False, 0, 0), ListingCalibration(1.0, False, 0, 0)),
    (Calibration(6.456855, True, 2108, 125113), ListingCalibration(1.37, True, 40, 900)),
]


def _text(rnd: random.Random) -> str:
    return "".join(rnd.choice(TEXTS) for _ in range(rnd.randint(1, 3)))


def _evidence(rnd: random.Random) -> dict[str, dict[str, list[object]]]:
    evidence: dict[str, dict[str, list[object]]] = {}
    for kind in rnd.sample(_ORDER, rnd.randint(0, 4)):
        countries = rnd.sample(["DE", "NL", "PL", "GB", "US", "FR"], rnd.randint(1, 4))
        evidence[kind] = {
            c: [rnd.randint(1, 40), f"{_text(rnd)}:{rnd.randint(1, 999)}"] for c in countries
        }
    return evidence


def _facts(rnd: random.Random, person: int) -> scoring.Facts:
    def count() -> int:
        return rnd.choice([0, 0, 1, 3, 17, 250, 10**9 + 7])

    first = datetime(2019, 1, 1) + timedelta(seconds=rnd.randint(0, 10**8))
    if rnd.random() < 0.5:
        first = first.replace(microsecond=rnd.randint(1, 999_999))
    accounts = [f"{_text(rnd)}:{i}" for i in range(rnd.randint(1, 6))]
    return scoring.Facts(
        person_id=f"P-{person}",
        account_roles=rnd.sample(["vendor", "buyer", "staff"], rnd.randint(0, 2)),
        accounts=accounts,
        markets=[_text(rnd) for _ in range(rnd.randint(1, 4))],
        linked=rnd.random() < 0.5,
        revenue_sats=count(),
        revenue_orders_sats=count(),
        revenue_estimated_sats=count(),
        revenue_method=rnd.choice(METHODS),
        sales=count(),
        feedback_count=count(),
        customers=count(),
        spend_sats=count(),
        purchases=count(),
        bulk_purchases=count(),
        suppliers=count(),
        listings=count(),
        grams_sold=rnd.random() * 100,
        units_sold=float(count()),
        grams_bought=0.0,
        units_bought=rnd.random(),
        categories={_text(rnd): count() for _ in range(rnd.randint(0, 4))},
        top_category=rnd.choice([None, "stimulants", _text(rnd)]),
        first_activity=rnd.choice([None, first]),
        last_activity=rnd.choice([None, first + timedelta(days=rnd.randint(0, 900))]),
        active_months=count(),
        counted_sales=count(),
        estimate_listings=count(),
        excluded_listings=rnd.choice([0, 0, 2]),
        estimate_detail={
            k: count() for k in rnd.sample(["feedback", "sold_listings", "listing_excluded"], 2)
        },
        staff_names=rnd.sample(["admin", "Root_x", "mod", _text(rnd)], rnd.randint(0, 2)),
        staff_markets=[_text(rnd) for _ in range(rnd.randint(0, 2))],
        market_turnover_sats=count(),
        market_sales=count(),
        cashout_sats=count(),
        cashout_labels=[_text(rnd) for _ in range(rnd.randint(0, 3))],
    )


@pytest.mark.parametrize("seed", range(4))
def test_reasons_from_templates_are_json_dumps_of_score_person(seed: int) -> None:
    rnd = random.Random(seed)
    facts = [_facts(rnd, i) for i in range(400)]
    roles = [scoring.role_of(f) for f in facts]
    raws = [scoring.raw_components(f, role) for f, (role, _) in zip(facts, roles, strict=True)]
    maxima: dict[str, dict[str, float]] = {g: {} for g in set(scoring.GROUPS.values())}
    for (role, _), raw in zip(roles, raws, strict=True):
        for name, value in raw.items():
            top = maxima[scoring.GROUPS[role]]
            top[name] = max(top.get(name, 0.0), value * rnd.choice([1.0, 1.5]))
    shapes = set()
    for rank, (f, (role, why), raw) in enumerate(zip(facts, roles, raws, strict=True), start=1):
        country = assign(_evidence(rnd))
        calibrations = rnd.choice(CALIBRATIONS)
        reference = scoring.score_person(f, role, why, raw, maxima, country, calibrations)
        reference.reasons["rank"] = rank
        components, score = scoring.score_components(f, role, raw, maxima, country.confidence)
        evidence = scoring.has_evidence(f, role, raw)
        basis = scoring.revenue_basis(f, calibrations)
        text = scoring.reasons_json(
            f, role, why, components, not evidence, country, evidence_json(country.evidence),
            basis, rank, calibrations,
        )  # fmt: skip
        assert text == json.dumps(reference.reasons, sort_keys=True, default=str)
        assert score == reference.score
        assert basis == reference.reasons["money"]["basis"]
        money = reference.reasons["money"]
        shapes.add((role, "estimate" in money, "excluded_listings" in money, not evidence))
    assert len(shapes) >= 12  # the random persons reach most shapes of the reasons


@pytest.mark.parametrize("seed", range(3))
def test_country_evidence_written_directly_is_json_dumps(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(300):
        evidence = assign(_evidence(rnd)).evidence
        assert evidence_json(evidence) == json.dumps(evidence, sort_keys=True)
    odd = {"login_ip": {"countries": {"DE": 1.5}, "examples": {"DE": None}, "support": 0.1}}
    assert evidence_json(odd) == json.dumps(odd, sort_keys=True)


def test_login_country_is_locate() -> None:
    rnd = random.Random(7)
    ips = [str(ipaddress.IPv4Address(rnd.getrandbits(32))) for _ in range(20_000)]
    starts, _ = _public_spans()
    for start in starts:  # the edges of every private, shared, multicast ... range
        ips += [
            str(ipaddress.IPv4Address(n)) for n in (start - 1, start, start + 1) if 0 <= n < 1 << 32
        ]
    ips += ["81.2.69.142", "127.0.0.1", "100.64.0.1", "224.0.0.1", "255.255.255.255"]
    ips += ["", " 81.2.69.142", "81.2.69.142\n", "081.2.69.142", "1.2.3", "256.1.1.1"]
    ips += ["::ffff:81.2.69.142", "2001:db8::1", "١.٢.٣.٤", "not an address"]
    assert [login_country(ip) for ip in ips] == [locate(ip).country for ip in ips]
    assert login_country("81.2.69.142") == "GB"


def test_shipping_addresses_read_on_every_core_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "Lukas Müller\nHauptstraße 5\n10115 Berlin\nGermany",
        "Jan Kowalski\nul. Długa 7/3\n00-238 Warszawa",
        "10 Downing Street\nLondon\nSW1A 2AA",
        "no address here",
        "Via Roma 5\n00184 Roma",
    ] * 3
    alone = countries._shipping_countries(texts)
    assert alone[:4] == [["DE"], ["PL"], ["GB"], []]
    monkeypatch.setattr(countries, "POOL_TEXTS", 2)
    monkeypatch.setattr(countries, "POOL_CHUNK", 4)
    assert countries._shipping_countries(texts) == alone
