"""Whether the first row of a CSV file names its columns, told from the rows that follow.

A column whose other values are all numbers (or all dates) and whose first value is one too
says the first row is data; one whose first value is a word over numbers says it is a header.
Weaker signs of data: a first row with blank or repeated cells, or a first value that occurs
again in its column. Without any sign either way the first row is taken as the header, as most
exports write one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: records looked at
SAMPLE_ROWS = 200

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")
_DATE = re.compile(
    r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)


@dataclass(frozen=True)
class Decision:
    header: bool
    reason: str


def _kind(value: str) -> str:
    text = value.strip()
    if _NUMBER.match(text):
        return "number"
    if _DATE.match(text):
        return "date"
    return "text"


def detect_header(records: list[list[str]]) -> Decision:
    """Whether ``records[0]`` is a header row, from the records after it."""
    first, rest = records[0], records[1:SAMPLE_ROWS]
    if not rest:
        return Decision(True, "the file has a single row, taken as its header")
    data: list[str] = []
    header: list[str] = []
    weak: list[str] = []
    for index, cell in enumerate(first):
        values = [r[index] for r in rest if index < len(r) and r[index].strip()]
        kinds = {_kind(v) for v in values}
        mine = _kind(cell)
        name = f"column {index + 1}"
        if len(kinds) == 1 and kinds != {"text"}:
            (kind,) = kinds
            if mine == kind:
                data.append(f"{name} holds {kind}s in every row, the first one too")
            elif cell.strip():
                header.append(f"{name} holds {kind}s under the word {cell.strip()!r}")
        if cell.strip() and cell in values:
            weak.append(f"{cell!r} occurs again in {name}")
    if any(not cell.strip() for cell in first):
        weak.append("the first row has blank cells")
    lowered = [cell.strip().lower() for cell in first if cell.strip()]
    if len(set(lowered)) < len(lowered):
        weak.append("the first row repeats a cell")
    score = 2 * len(header) - 2 * len(data) - len(weak)
    if data and score < 0:
        return Decision(False, f"the first row is data ({'; '.join([*data, *weak][:2])})")
    if not header and len(weak) >= 2:
        return Decision(False, f"the first row is data ({'; '.join(weak[:2])})")
    if header:
        return Decision(True, f"the first row names the columns ({header[0]})")
    return Decision(True, "the first row taken as the header (nothing says it is data)")
