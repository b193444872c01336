"""Minimisation: the DE package holds nothing of the NL and FR persons."""

from __future__ import annotations

import zipfile

import pytest

from seized.case import Case
from seized.errors import UserError
from seized.export.package import PackageResult
from seized.export.select import select_country
from tests.export.cases import DE_ADDRESS, FOREIGN_SECRETS


def _all_bytes(package: PackageResult) -> dict[str, bytes]:
    files = {p.as_posix(): p.read_bytes() for p in package.folder.rglob("*") if p.is_file()}
    files[package.zip_path.name] = package.zip_path.read_bytes()
    with zipfile.ZipFile(package.zip_path) as archive:
        for name in archive.namelist():
            files[f"zip:{name}"] = archive.read(name)
    return files


def test_no_foreign_person_appears_in_any_file(de_package: PackageResult) -> None:
    files = _all_bytes(de_package)
    assert len(files) > 20
    leaks = [
        (name, secret)
        for name, data in files.items()
        for secret in FOREIGN_SECRETS
        if secret.lower().encode() in data.lower()
    ]
    assert leaks == []


def test_package_persons_and_their_data_are_there(de_package: PackageResult) -> None:
    files = _all_bytes(de_package)
    dossier = files[(de_package.folder / "dossiers" / "00001-p-de-1.html").as_posix()]
    assert b"kristallkoenig" in dossier and b"kristall_koenig" in dossier
    assert b"Premium crystal 10g" in dossier
    assert b"account of another jurisdiction #" in dossier  # the NL and FR buyers, opaque
    buyer = files[(de_package.folder / "dossiers" / "00002-p-de-2.html").as_posix()]
    assert DE_ADDRESS.encode() in buyer  # the DE buyer's own shipping address is kept
    csv = files[(de_package.folder / "targets.csv").as_posix()].decode()
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["p-de-1", "p-de-2", "p-de-3"]


def test_selection_withholds_and_redacts(three_countries: Case) -> None:
    with three_countries.connect(read_only=True) as con:
        sel = select_country(con, "de", "case")
    assert sel.country == "DE"
    assert {m["message_id"] for m in sel.messages} == {"silkway:M1"}
    assert "tulpenhandel" not in sel.messages[0]["text"]
    assert "[withheld: other jurisdiction]" in sel.messages[0]["text"]
    assert sel.withheld == {
        "messages with other jurisdictions": 2,
        "shipping addresses of others": 2,
    }
    orders = {o["order_id"]: o for o in sel.orders}
    assert set(orders) == {"silkway:O1", "silkway:O2", "silkway:O3", "silkway:O5", "silkway:O6"}
    assert orders["silkway:O2"]["buyer_id"].startswith("account of another jurisdiction #")
    assert orders["silkway:O2"]["shipping_address"] is None
    assert orders["silkway:O3"]["vendor_id"].startswith("account of another jurisdiction #")
    assert orders["silkway:O3"]["shipping_address"] == DE_ADDRESS
    assert [c["label"] for c in sel.cashouts] == ["Kraken"]


def test_unknown_or_malformed_country_is_a_user_error(three_countries: Case) -> None:
    with three_countries.connect(read_only=True) as con:
        with pytest.raises(UserError, match="countries with targets: DE, FR, NL"):
            select_country(con, "IT", "case")
        with pytest.raises(UserError, match="alpha-2"):
            select_country(con, "Germany", "case")
