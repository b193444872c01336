"""OpenPGP packet framing (RFC 4880 §4.2) for the generator's writers: split a certificate or key
into packets, write a packet header, read an MPI. Definite lengths only: certificates and keys
never use partial bodies, and the messages the generator writes use none either."""

from __future__ import annotations


def packets(data: bytes) -> list[tuple[int, bytes]]:
    """(tag, body) of each packet; new and old packet headers."""
    out: list[tuple[int, bytes]] = []
    at = 0
    while at < len(data):
        head = data[at]
        if not head & 0x80:
            raise ValueError(f"not an OpenPGP packet at byte {at}")
        if head & 0x40:
            tag = head & 0x3F
            first = data[at + 1]
            if first < 192:
                size, at = first, at + 2
            elif first < 224:
                size, at = ((first - 192) << 8) + data[at + 2] + 192, at + 3
            elif first == 255:
                size, at = int.from_bytes(data[at + 2 : at + 6], "big"), at + 6
            else:
                raise ValueError(f"partial body length at byte {at}: not expected here")
        else:
            tag, kind = (head >> 2) & 0x0F, head & 3
            if kind == 3:
                raise ValueError(f"indeterminate packet length at byte {at}")
            width = (1, 2, 4)[kind]
            size = int.from_bytes(data[at + 1 : at + 1 + width], "big")
            at += 1 + width
        out.append((tag, data[at : at + size]))
        at += size
    return out


def header(tag: int, size: int) -> bytes:
    """A new-format packet header with a definite length."""
    if size < 192:
        return bytes((0xC0 | tag, size))
    if size < 8384:
        size -= 192
        return bytes((0xC0 | tag, (size >> 8) + 192, size & 0xFF))
    return bytes((0xC0 | tag, 255)) + size.to_bytes(4, "big")


def mpi_end(body: bytes, at: int) -> int:
    """Offset just past the multiprecision integer that starts at ``at``."""
    bits = int.from_bytes(body[at : at + 2], "big")
    return at + 2 + (bits + 7) // 8


def mpi(body: bytes, at: int) -> tuple[int, int]:
    """The multiprecision integer that starts at ``at``, and the offset just past it."""
    end = mpi_end(body, at)
    return int.from_bytes(body[at + 2 : end], "big"), end
