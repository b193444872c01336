"""Quality against a ground truth: pairwise precision, recall and F1, overall and over the pairs
the seized material gives evidence for, recall per kind of link, and what each rule carries.

The truth is either a synthetic case's ``truth.json`` (persons with their accounts, and for each
link between two accounts of a person the kinds it can be found by: ``shared_pgp``,
``shared_address``, ``shared_handle``, ``co_spend``, ``same_username``, ``name_variant``,
``behaviour_only``) or a CSV file with the columns ``account_id`` and ``person_id`` (any other
columns are ignored). Accounts are named as in the case store: ``<market>:<native id>``.

A pair of accounts *has evidence* when a chain of links of some kind other than
``behaviour_only`` joins them: something in the material (a key, an address, a handle, a name, a
co-spend) says they are one person. Over those pairs, precision leaves out the predicted pairs
that are right but have no evidence (they are not errors) and counts every wrong pair.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seized.errors import InputError

#: The kinds reported, in this order (others follow, sorted).
KIND_ORDER: tuple[str, ...] = (
    "shared_pgp",
    "shared_address",
    "shared_handle",
    "co_spend",
    "same_username",
    "name_variant",
    "behaviour_only",
)
#: The kind that is no evidence in the material.
NO_EVIDENCE = "behaviour_only"


@dataclass
class Truth:
    person_of: dict[str, str]  # account -> person
    links: list[tuple[str, str, tuple[str, ...]]]  # (account, account, kinds)


@dataclass
class Score:
    """Pairwise figures over one set of true pairs."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    def line(self, label: str) -> str:
        return (
            f"{label:<22} precision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}  ({self.true_pairs} true, {self.predicted_pairs} predicted, "
            f"{self.correct_pairs} correct)"
        )


@dataclass
class Evaluation:
    overall: Score
    evidence: Score | None = None  # None when the truth has no links (a CSV truth)
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (found, total)
    #: rule -> (links used, links between two accounts of one true person)
    by_rule: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    def lines(self) -> list[str]:
        out = [self.overall.line("pairwise")]
        if self.evidence is not None:
            out.append(self.evidence.line("pairs with evidence"))
        if self.by_kind:
            out.append("recall per kind of link:")
            for kind, (found, total) in self.by_kind.items():
                share = f"{found / total:.4f}" if total else "n/a"
                out.append(f"  {kind:<15} {share:>7}  ({found} of {total})")
        if self.by_rule:
            used = sum(n for n, _ in self.by_rule.values())
            out.append("links used per rule (share of the links, precision of the rule's links):")
            for rule, (n, right) in self.by_rule.items():
                out.append(
                    f"  {rule:<22} {n:>7}  {n / used:6.1%}  precision {right / n:.4f}"
                    if n
                    else f"  {rule:<22} {n:>7}"
                )
        return out


def load_truth(path: Path) -> Truth:
    """A ``truth.json`` of ``seized synth`` or a CSV of account_id, person_id."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError as exc:
        raise InputError(f"cannot read the truth file: {exc}", path) from exc
    if head.startswith(b"{"):
        return _load_json(path)
    return _load_csv(path)


def _load_json(path: Path) -> Truth:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        person_of: dict[str, str] = {}
        links: list[tuple[str, str, tuple[str, ...]]] = []
        for person in doc["persons"]:
            for account in person["accounts"]:
                person_of[f"{account['market']}:{account['native_id']}"] = person["person_id"]
            for link in person.get("links", []):
                links.append((link["a"], link["b"], tuple(link["kinds"])))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"not a truth file: {exc}",
            path,
            hint="a truth.json as written by `seized synth` (persons with accounts and links), "
            "or a CSV file with the columns account_id and person_id",
        ) from exc
    return Truth(person_of, links)


def _load_csv(path: Path) -> Truth:
    hint = "a CSV file with a header naming the columns account_id and person_id"
    person_of: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            header = [name.strip().lower() for name in next(rows, [])]
            if "account_id" not in header or "person_id" not in header:
                raise InputError(
                    f"not a truth file: the header {header!r} has no account_id and person_id",
                    path,
                    line=1,
                    hint=hint,
                )
            a, p = header.index("account_id"), header.index("person_id")
            for row in rows:
                line = rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) <= max(a, p) or not row[a].strip() or not row[p].strip():
                    raise InputError(
                        "a row without an account_id or a person_id", path, line=line, hint=hint
                    )
                account, person = row[a].strip(), row[p].strip()
                if person_of.get(account, person) != person:
                    raise InputError(
                        f"account {account!r} is given two persons: "
                        f"{person_of[account]!r} and {person!r}",
                        path,
                        line=line,
                    )
                person_of[account] = person
    except UnicodeDecodeError as exc:
        raise InputError(f"not a truth file: not UTF-8 text ({exc.reason})", path) from exc
    except csv.Error as exc:
        raise InputError(f"not a truth file: {exc}", path, hint=hint) from exc
    return Truth(person_of, [])


def _pairs(sizes: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def _score(true_pairs: int, predicted: int, correct: int) -> Score:
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, true_pairs, predicted, correct)


def _evidence_groups(truth: Truth) -> dict[str, str]:
    """Account -> the group of accounts that links with evidence join (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x] = parent.get(parent[x], parent[x])
        return x

    for a, b, kinds in truth.links:
        if any(k != NO_EVIDENCE for k in kinds):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in truth.person_of}


def evaluate(
    assigned: dict[str, str],
    truth: Truth,
    edges: list[tuple[str, str, str]] | None = None,
) -> Evaluation:
    """Compare account -> person assignments with the truth (accounts known to both);
    ``edges`` are the links used, (account, account, rule), for the figures per rule."""
    common = sorted(a for a in truth.person_of if a in assigned)
    truth_sizes = Counter(truth.person_of[a] for a in common)
    pred_sizes = Counter(assigned[a] for a in common)
    both = Counter((assigned[a], truth.person_of[a]) for a in common)
    true_pairs, predicted, correct = _pairs(truth_sizes), _pairs(pred_sizes), _pairs(both)
    report = Evaluation(_score(true_pairs, predicted, correct))
    if truth.links:
        group = _evidence_groups(truth)
        evidence_true = _pairs(Counter(group[a] for a in common))
        evidence_correct = _pairs(Counter((assigned[a], group[a]) for a in common))
        # right but without evidence: not an error, left out of the predicted pairs
        report.evidence = _score(
            evidence_true, predicted - (correct - evidence_correct), evidence_correct
        )
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for a, b, kinds in truth.links:
        hit = a in assigned and b in assigned and assigned[a] == assigned[b]
        for kind in set(kinds):
            total[kind] += 1
            found[kind] += hit
    order = [k for k in KIND_ORDER if k in total] + sorted(set(total) - set(KIND_ORDER))
    report.by_kind = {k: (found[k], total[k]) for k in order}
    used: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for a, b, rule in edges or []:
        if a in truth.person_of and b in truth.person_of:
            used[rule] += 1
            right[rule] += truth.person_of[a] == truth.person_of[b]
    report.by_rule = {
        rule: (used[rule], right[rule]) for rule in sorted(used, key=lambda r: (-used[r], r))
    }
    return report
