"""The parts of a drafted mapping: per canonical table its sources, joins and one slot per column.

A :class:`Slot` holds the ways to fill one canonical column, best first; when the trial run of
the draft fails on a column, the suggester moves that slot to its next way (the last is NULL, or
for required columns the row position). Expressions name the main raw table's columns through
:func:`main`, which the renderer turns into ``t."col"`` when the select joins other tables and
into ``"col"`` when it does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seized.mapping.apply import quote

MAIN = "\x00main\x00"  # stands for the main table's alias in expressions until rendered


def main(column: str) -> str:
    """The main raw table's column, in an expression."""
    return f"{MAIN}{quote(column)}"


def joined(alias: str, column: str) -> str:
    return f"{alias}.{quote(column)}"


@dataclass(frozen=True)
class Join:
    """``LEFT JOIN table AS alias ON alias.key = <left>``."""

    alias: str
    table: str
    key: str
    left: str  # an expression (main(...) or another join's column)

    def sql(self) -> str:
        on = f"{joined(self.alias, self.key)} = {self.left}"
        return f"LEFT JOIN {quote(self.table)} AS {self.alias} ON {on}"


@dataclass
class Way:
    """One way to fill a column: an expression, the joins it needs, remarks for the reader."""

    expression: str
    joins: tuple[Join, ...] = ()
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    raw: str | None = None  # the raw column it reads, for messages


@dataclass
class Slot:
    target: str
    ways: list[Way]
    index: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def way(self) -> Way:
        return self.ways[self.index]

    def next(self, reason: str) -> bool:
        """Move to the next way after ``reason``; False when there is none left."""
        self.failures.append(f"{self.way.expression.replace(MAIN, '')}: {reason}")
        if self.index + 1 >= len(self.ways):
            return False
        self.index += 1
        return True


@dataclass
class TableDraft:
    table: str  # canonical
    sources: list[str]  # raw tables
    pattern: str | None  # one source entry matching exactly the sources
    rows: int
    slots: list[Slot] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)  # helper output columns (_seized_pos ...)
    key: str | None = None
    distinct: bool = False
    where: str | None = None
    group_by: str | None = None
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # canonical columns nothing filled

    def slot(self, target: str) -> Slot | None:
        return next((s for s in self.slots if s.target == target), None)

    def joins(self) -> list[Join]:
        found: list[Join] = []
        for slot in self.slots:
            for join in slot.way.joins:
                if join not in found:
                    found.append(join)
        return found

    def select(self) -> list[str]:
        """The select's lines."""
        joins = self.joins()
        alias = "t." if joins else ""

        def text(expression: str) -> str:
            return expression.replace(MAIN, alias)

        items = []
        for slot in self.slots:
            expression = text(slot.way.expression)
            if expression == "NULL" and slot.target not in ("native_id", "address", "kind"):
                continue
            name = quote(slot.target) if slot.target == "at" else slot.target
            items.append(f"{expression} AS {name}")
        items += [text(h) for h in self.helpers]
        lines = ["SELECT DISTINCT" if self.distinct else "SELECT"]
        lines += [f"  {item}," for item in items[:-1]] + [f"  {items[-1]}"]
        origin = quote(self.sources[0]) if len(self.sources) == 1 else "source"
        lines.append(f"FROM {origin}" + (" AS t" if joins else ""))
        lines += [text(join.sql()) for join in joins]
        if self.where:
            lines.append(f"WHERE {text(self.where)}")
        if self.group_by:
            lines.append(f"GROUP BY {text(self.group_by)}")
        return lines

    def remarks(self) -> tuple[list[str], list[str]]:
        """(notes, todos) of the table and the ways in use."""
        notes = list(self.notes)
        todos = list(self.todos)
        for slot in self.slots:
            way = slot.way
            where = f"{slot.target} <- {way.raw}" if way.raw else slot.target
            notes += [f"{where}: {note}" for note in way.notes]
            todos += [f"{where}: {todo}" for todo in way.todos]
            todos += [
                f"{slot.target}: the draft's first choice failed ({f})" for f in slot.failures
            ]
        missing = [*self.missing, *(s.target for s in self.slots if s.way.expression == "NULL")]
        if missing:
            todos.append(
                "no raw column looked like " + ", ".join(missing) + ": write them if the "
                "market keeps them (a join may find them in another table)"
            )
        return notes, todos

    def params(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for slot in self.slots:
            found.update(slot.way.params)
        return found
