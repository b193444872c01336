"""`seized link --evaluate`: a generator's truth or a plain CSV of account_id, person_id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.cli import cli
from seized.errors import InputError
from seized.link.evaluate import Truth, evaluate, load_truth
from tests.link.conftest import LinkCase

FP = "30412B56ED99D7AFF8C1DFCDB582B1819F5AEEA5"


def test_a_plain_csv_is_a_truth(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_text("\ufeffPerson_ID,account_id,note\nA,m1:1,x\nA,m2:1,\n\nB,m1:2,y\n")
    truth = load_truth(path)
    assert truth.person_of == {"m1:1": "A", "m2:1": "A", "m1:2": "B"}
    assert truth.links == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("account,person\nm1:1,A\n", 1, "no account_id and person_id"),
        ("account_id,person_id\nm1:1,A\nm1:2\n", 3, "without an account_id or a person_id"),
        ("account_id,person_id\nm1:1,A\nm1:1,B\n", 3, "two persons"),
    ],
)
def test_a_bad_csv_names_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "persons.csv"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_truth(path)
    assert message in str(caught.value) and caught.value.line == line


def test_a_json_that_is_no_truth_says_so(tmp_path: Path) -> None:
    path = tmp_path / "truth.json"
    path.write_text(json.dumps({"persons": [{"person_id": "P1", "accounts": [{"id": 1}]}]}))
    with pytest.raises(InputError, match="not a truth file"):
        load_truth(path)


def test_pairs_with_evidence_and_rules() -> None:
    # P1: a-b by a shared key, b-c by behaviour only; P2: d-e by behaviour only
    truth = Truth(
        {"a": "P1", "b": "P1", "c": "P1", "d": "P2", "e": "P2", "f": "P3"},
        [
            ("a", "b", ("shared_pgp",)),
            ("b", "c", ("behaviour_only",)),
            ("d", "e", ("behaviour_only",)),
        ],
    )
    # found: a-b (evidence), d-e (no evidence), and f wrongly joined to c
    assigned = {"a": "X", "b": "X", "c": "Y", "f": "Y", "d": "Z", "e": "Z"}
    edges = [("a", "b", "shared_pgp"), ("d", "e", "model"), ("c", "f", "model")]
    report = evaluate(assigned, truth, edges)
    overall = report.overall
    assert (overall.true_pairs, overall.predicted_pairs, overall.correct_pairs) == (4, 3, 2)
    evidence = report.evidence
    assert evidence is not None
    # only a-b has evidence; d-e is right without evidence (left out), c-f is wrong
    assert (evidence.true_pairs, evidence.predicted_pairs, evidence.correct_pairs) == (1, 2, 1)
    assert evidence.recall == 1.0 and evidence.precision == 0.5
    assert report.by_kind == {"shared_pgp": (1, 1), "behaviour_only": (1, 2)}
    assert report.by_rule == {"model": (2, 1), "shared_pgp": (1, 1)}
    text = "\n".join(report.lines())
    assert "pairs with evidence" in text and "shared_pgp" in text


def test_cli_evaluates_against_a_csv(link_case: LinkCase, tmp_path: Path) -> None:
    a = link_case.account("m1:1", "north", pgp_fingerprint=FP)
    b = link_case.account("m2:1", "south", pgp_fingerprint=FP)
    c = link_case.account("m3:1", "east")
    link_case.write()
    truth = tmp_path / "persons.csv"
    truth.write_text(f"account_id,person_id\n{a},P1\n{b},P1\n{c},P1\n")
    result = CliRunner().invoke(
        cli, ["link", str(link_case.case.root), "--no-model", "--evaluate", str(truth)]
    )
    assert result.exit_code == 0, result.output
    assert "pairwise" in result.output and "recall 0.3333" in result.output
    assert "shared_pgp" in result.output  # the links used per rule
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n")
    result = CliRunner().invoke(cli, ["link", str(link_case.case.root), "--evaluate", str(bad)])
    assert result.exit_code == 3 and "bad.csv:1" in result.output
