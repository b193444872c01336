"""The options of `seized link`: thresholds and the no-over-merge rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seized.spark.engine import EngineOptions
from seized.stages import RUNTIME

#: ``(label, done, total)``: the steps of each phase of linking (see ``seized.link.stage``).
Progress = Callable[[str, int, int], None]

#: Usernames that many unrelated people use; never evidence of one person.
COMMON_NAMES: frozenset[str] = frozenset(
    {
        "admin",
        "administrator",
        "support",
        "test",
        "tester",
        "staff",
        "mod",
        "moderator",
        "root",
        "system",
        "user",
        "guest",
        "vendor",
        "buyer",
        "anonymous",
        "anon",
        "info",
        "help",
        "market",
        "escrow",
        "official",
    }
)


@dataclass
class LinkOptions(EngineOptions):
    """Thresholds and rules; every field is a `seized link` option. With ``engine="spark"``
    the model scores the candidate pairs on Spark (:mod:`seized.spark.link`)."""

    #: Model links below this match probability are not used: a link must be likelier than
    #: not. The model does not count more than once what one cause drives (a trade, a place;
    #: :data:`seized.link.model.DEPENDENT`), so its probabilities are not inflated by them.
    match_probability: float = 0.5
    #: Model links between two vendor accounts below this match probability are refused (a
    #: wrong vendor link merges two targets' revenue). By default no stricter than any link:
    #: what vendors of one trade share (categories, ships-from, title words, price) counts once
    #: in the model already.
    vendor_match_probability: float = 0.5
    #: An identifier on more accounts than this is shared by a crowd, not one person.
    max_accounts_per_value: int = 6
    #: Run the probabilistic model (hard links alone when False).
    model: bool = True
    #: A model link that would put two accounts of one market into one person (a second
    #: account, a sock puppet) needs at least this match probability: one person rarely holds
    #: two accounts on one market, so the evidence must be stronger than across markets.
    same_market_probability: float = 0.99
    #: Model links may join two accounts of one market at the plain match probability.
    model_same_market: bool = False
    #: Usernames that are never evidence (lowercased).
    common_names: frozenset[str] = field(default=COMMON_NAMES)
    #: Seed for Splink's random sampling (reproducible runs).
    seed: int = 42
    #: Pairs sampled to estimate the model's u probabilities.
    u_sample_pairs: float = 2e6
    #: A must-link / cannot-link file that replaces the stored overrides before linking (they
    #: then apply to every later run; the stored table is what the fingerprint covers).
    overrides: Path | None = field(default=None, metadata=RUNTIME)
    #: Link again even when nothing changed.
    force: bool = field(default=False, metadata=RUNTIME)
    #: Called as each phase (blocking, scoring, resolving) begins and as its steps end.
    progress: Progress | None = field(default=None, metadata=RUNTIME)
