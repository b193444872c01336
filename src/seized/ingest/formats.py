"""The registry of dump formats and their parsers."""

from __future__ import annotations

from importlib import import_module

from seized.errors import UserError
from seized.ingest.base import Parser

#: format name -> (module, function). Imported lazily so that one format's import cost is
#: only paid when a dump of that format is ingested.
PARSERS: dict[str, tuple[str, str]] = {
    "mysql": ("seized.ingest.mysql", "parse"),
    "postgres": ("seized.ingest.postgres", "parse"),
    "sqlite": ("seized.ingest.sqlite", "parse"),
    "csv": ("seized.ingest.tabular", "parse_csv"),
    "jsonl": ("seized.ingest.tabular", "parse_jsonl"),
}


def parser_for(fmt: str) -> Parser:
    try:
        module, name = PARSERS[fmt]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise UserError(f"no parser for format {fmt!r}; known formats: {known}") from None
    parser: Parser = getattr(import_module(module), name)
    return parser
