"""Mappings: how a market's raw tables become the canonical tables (docs/mappings.md).

A mapping is a YAML file per market software; :func:`load_mapping` validates it,
:func:`apply_mapping` fills the canonical tables of one market, :func:`suggest_mapping` drafts a
mapping from the raw tables of a market whose software has none yet.
"""

from seized.mapping.apply import apply_mapping
from seized.mapping.helpers import helper_names, install_helpers
from seized.mapping.model import Mapping, TableMapping, load_mapping, parse_mapping
from seized.mapping.registry import (
    builtin_mapping,
    builtin_names,
    case_mapping,
    case_mapping_path,
    resolve_mapping,
)
from seized.mapping.suggest import suggest_mapping

__all__ = [
    "Mapping",
    "TableMapping",
    "apply_mapping",
    "builtin_mapping",
    "builtin_names",
    "case_mapping",
    "case_mapping_path",
    "helper_names",
    "install_helpers",
    "load_mapping",
    "parse_mapping",
    "resolve_mapping",
    "suggest_mapping",
]
