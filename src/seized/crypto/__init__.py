"""PGP: seized keys (`seized keys import`) and bulk decryption of every PGP blob (`seized decrypt`).

* :mod:`~seized.crypto.packets` reads OpenPGP packet headers: the recipients of a message;
* :mod:`~seized.crypto.armor` turns ASCII armor into bytes (checksum checked);
* :mod:`~seized.crypto.blobs` finds armored and binary PGP messages in seized text;
* :mod:`~seized.crypto.keys` parses key files and records keys in ``pgp_keys``;
* :mod:`~seized.crypto.decrypt` opens blobs in worker processes holding the unlocked keys;
* :mod:`~seized.crypto.stage` holds the two stages over the case store.
"""

from __future__ import annotations
