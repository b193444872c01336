"""Taint models: how the traced part of a transaction's inputs passes to its outputs.

A transaction is a list of input values (in input order) and output values (in output order);
the fee is what the inputs hold beyond the outputs. Each model says how much of each output is
traced, given how much of each input is:

* ``poison``: any traced input makes every output wholly traced;
* ``haircut``: the traced total is shared in proportion to value among the outputs and the fee;
  shares are whole satoshis by the largest-remainder rule (floor every share, then give one more
  satoshi to the largest fractional parts, ties to the lower output index, the fee last), so the
  shares plus the fee's share add up to the traced total exactly;
* ``fifo``: the inputs' satoshis, laid end to end in input order, fill the outputs in output order
  and then the fee; traced ranges stay traced (so it also conserves exactly).

Going backward, the same rules run the other way (an output's traced amount is shared among the
inputs in proportion to their values, or by position for FIFO).
"""

from __future__ import annotations

from typing import Literal

Model = Literal["poison", "haircut", "fifo"]
MODELS: tuple[Model, ...] = ("poison", "haircut", "fifo")
#: Traced satoshi ranges within one coin: sorted, disjoint (start, end) offsets.
Ranges = list[tuple[int, int]]


def proportional(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` by the largest-remainder rule (exact sum).

    >>> proportional(10, [1, 1, 1])
    [4, 3, 3]
    """
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda k: (-(total * weights[k] % whole), k))
    for k in order[:left]:
        shares[k] += 1
    return shares


def haircut(traced_in: int, inputs: list[int], outputs: list[int]) -> tuple[list[int], int]:
    """Traced amount of each output, and the fee's share (together exactly ``traced_in``)."""
    fee = max(sum(inputs) - sum(outputs), 0)
    shares = proportional(min(traced_in, sum(inputs)), [*outputs, fee])
    return shares[:-1], shares[-1]


def poison(traced_in: int, outputs: list[int]) -> list[int]:
    """Every output wholly traced when anything going in is."""
    return list(outputs) if traced_in > 0 else [0] * len(outputs)


def merge(ranges: Ranges) -> Ranges:
    out: Ranges = []
    for lo, hi in sorted(r for r in ranges if r[1] > r[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def total(ranges: Ranges) -> int:
    return sum(hi - lo for lo, hi in ranges)


def fifo(inputs: list[int], traced: list[Ranges], outputs: list[int]) -> tuple[list[Ranges], int]:
    """FIFO: traced ranges of each output (offsets within it), and the traced satoshis of the fee.

    ``traced[k]`` are the traced ranges within input ``k``.
    """
    line: Ranges = []
    start = 0
    for value, ranges in zip(inputs, traced, strict=True):
        line.extend((start + lo, start + min(hi, value)) for lo, hi in ranges if lo < value)
        start += value
    line = merge(line)
    result: list[Ranges] = []
    begin = 0
    for value in outputs:
        end = begin + value
        result.append(
            [
                (max(lo, begin) - begin, min(hi, end) - begin)
                for lo, hi in line
                if lo < end and hi > begin
            ]
        )
        begin = end
    fee = sum(min(hi, start) - max(lo, begin) for lo, hi in line if hi > begin and lo < start)
    return result, max(fee, 0)
