"""Quality against a ground truth: pairwise precision, recall and F1, and recall per kind of link.

The truth is a synthetic case's ``truth.json`` (persons with their accounts, and for each
cross-market link the kinds it can be found by: ``shared_pgp``, ``shared_address``,
``shared_handle``, ``same_username``, ``behaviour_only``). Accounts are named as in the case
store: ``<market>:<native id>``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seized.errors import InputError

#: The kinds reported, in this order.
KIND_ORDER: tuple[str, ...] = (
    "shared_pgp",
    "shared_address",
    "shared_handle",
    "same_username",
    "behaviour_only",
)


@dataclass
class Truth:
    person_of: dict[str, str]  # account -> person
    links: list[tuple[str, str, tuple[str, ...]]]  # (account, account, kinds)


@dataclass
class Evaluation:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (found, total)

    def lines(self) -> list[str]:
        out = [
            f"pairwise precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}",
            f"pairs: {self.true_pairs} true, {self.predicted_pairs} predicted, "
            f"{self.correct_pairs} correct",
            "recall per kind of link:",
        ]
        for kind, (found, total) in self.by_kind.items():
            share = f"{found / total:.4f}" if total else "n/a"
            out.append(f"  {kind:<15} {share:>7}  ({found} of {total})")
        return out


def load_truth(path: Path) -> Truth:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        person_of: dict[str, str] = {}
        links: list[tuple[str, str, tuple[str, ...]]] = []
        for person in doc["persons"]:
            for account in person["accounts"]:
                person_of[f"{account['market']}:{account['native_id']}"] = person["person_id"]
            for link in person.get("links", []):
                links.append((link["a"], link["b"], tuple(link["kinds"])))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"not a truth file: {exc}",
            path,
            hint="a truth.json as written by `seized synth`: persons with accounts and links",
        ) from exc
    return Truth(person_of, links)


def _pairs(sizes: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def evaluate(assigned: dict[str, str], truth: Truth) -> Evaluation:
    """Compare account -> person assignments with the truth (accounts known to both)."""
    common = [a for a in truth.person_of if a in assigned]
    truth_sizes = Counter(truth.person_of[a] for a in common)
    pred_sizes = Counter(assigned[a] for a in common)
    both = Counter((assigned[a], truth.person_of[a]) for a in common)
    true_pairs, predicted, correct = _pairs(truth_sizes), _pairs(pred_sizes), _pairs(both)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for a, b, kinds in truth.links:
        hit = a in assigned and b in assigned and assigned[a] == assigned[b]
        for kind in set(kinds):
            total[kind] += 1
            found[kind] += hit
    order = [k for k in KIND_ORDER if k in total] + sorted(set(total) - set(KIND_ORDER))
    return Evaluation(
        precision,
        recall,
        f1,
        true_pairs,
        predicted,
        correct,
        {k: (found[k], total[k]) for k in order},
    )
