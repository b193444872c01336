"""Table definitions of the synthetic market softwares, in each software's own SQL dialect."""

from __future__ import annotations

from dataclasses import dataclass

Value = int | float | str | None
Row = tuple[Value, ...]


@dataclass(frozen=True)
class Table:
    """One table as the market software declares it: names and types in its own dialect."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (column name, type as written in the dump)
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


def table(name: str, spec: str, primary_key: tuple[str, ...] = ()) -> Table:
    """A table from a compact spec: one ``name TYPE`` per line."""
    columns = []
    for line in spec.strip().splitlines():
        col, _, sqltype = line.strip().partition(" ")
        columns.append((col, sqltype.strip()))
    return Table(name, tuple(columns), primary_key)
