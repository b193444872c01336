"""The held secret keys as the decrypt stage hands them to threads and worker processes.

Every held key is unlocked once, in the process that reads them (:func:`unlocked_keys`, with
:func:`seized.crypto.secrets.unlock`), and passed on with its decryption keys in the clear.
:func:`decryption_components` then gives pysequoia one decryptor per decryption (sub)key, and
the fast path the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pysequoia

from seized.crypto.fast import FastKey, read_key
from seized.crypto.secrets import (
    KeyMaterialError,
    decryption_keys,
    fingerprint,
    is_protected,
    unlock,
)

#: A key pysequoia opens messages with: (primary fingerprint, decryptor).
Entry = tuple[str, Any]


@dataclass(frozen=True)
class HeldKey:
    """A seized secret key as handed to a worker."""

    fingerprint: str
    secret: bytes | None  # None: held but locked (only its ids are known)
    passphrase: str | None
    ids: tuple[str, ...]  # key ids and fingerprints of its (sub)keys, upper-case hex


def unlocked_keys(held: list[HeldKey]) -> list[HeldKey]:
    """The held keys with the protection of their decryption keys undone
    (:func:`seized.crypto.secrets.unlock`, once per process), ready for threads and workers;
    the passphrase stays only with a key whose protection pysequoia still has to undo."""
    out: list[HeldKey] = []
    for key in held:
        if key.secret is None or key.passphrase is None:
            out.append(key)
            continue
        try:
            unlocked = unlock(key.secret, key.passphrase)
        except KeyMaterialError:
            out.append(key)
            continue
        passphrase = key.passphrase if unlocked.protected else None
        out.append(HeldKey(key.fingerprint, unlocked.secret, passphrase, key.ids))
    return out


def decryption_components(key: HeldKey) -> list[tuple[tuple[str, ...], Entry, FastKey | None]]:
    """(the component's key id and fingerprint, its entry, its fast-path key or None) for
    each decryption key of ``key`` that pysequoia accepts on its own."""
    assert key.secret is not None
    found: list[tuple[tuple[str, ...], Entry, FastKey | None]] = []
    try:
        cuts = decryption_keys(key.secret)
    except KeyMaterialError:
        return found
    for body, cut in cuts:
        try:
            protected = is_protected(body)
            decryptor = pysequoia.Tsk.from_bytes(cut).decryptor(
                key.passphrase if protected else None
            )
            full = fingerprint(body).hex().upper()
        except Exception:  # sequoia: not a valid decryption key on its own (flags, expiry)
            continue
        fast_key: FastKey | None = None
        if not protected:
            try:
                fast_key = read_key(body)
            except (KeyMaterialError, IndexError, ValueError):
                fast_key = None
        found.append(((full[-16:], full), (key.fingerprint, decryptor), fast_key))
    return found
