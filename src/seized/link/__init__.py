"""Persons across markets: hard links, a probabilistic record-linkage model, and clustering.

The pipeline (:func:`seized.link.stage.link_stage`):

1. :mod:`~seized.link.hard` gathers every identifier an account carries (PGP key, payout and
   refund addresses, contact handles, e-mail, phone) and pairs accounts that share one, leaving
   out identifiers that say nothing about one person (:mod:`~seized.link.exclusions`).
2. :mod:`~seized.link.features` computes per-account behaviour features in SQL, and
   :mod:`~seized.link.model` scores cross-market pairs with a Splink model on DuckDB.
3. :mod:`~seized.link.resolve` merges links into persons, strongest first, never against an
   analyst's cannot-link (:mod:`~seized.link.overrides`), and flags persons for review.
4. :mod:`~seized.link.evaluate` measures the result against a synthetic case's truth.
"""

from seized.link.options import LinkOptions

__all__ = ["LinkOptions"]
