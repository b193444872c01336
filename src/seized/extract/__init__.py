"""Identifier extraction: pure functions from text to identifiers, and the stage that fills the
``identifiers`` table from every text column of the case store."""

from __future__ import annotations

from seized.extract.found import KINDS, Found, Kind
from seized.extract.scan import extract

__all__ = ["KINDS", "Found", "Kind", "extract"]
