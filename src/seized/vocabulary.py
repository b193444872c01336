"""Words that seized writes into its tables and reads back, defined once.

SQL takes them from here as well, never retyped: bound as query parameters, rendered as quoted
literals (:func:`seized.db.quote_literal`, :func:`seized.db.literal_list`) or, for
the mapping helpers, as DuckDB macros made from these constants. This module imports nothing,
so every package may use it.
"""

from __future__ import annotations

from typing import Final

#: ``tags.tagpack`` of the tags made from the seized databases' own wallet tables (``seized
#: tags import`` and trace tell them apart from the tags of real tag packs by it).
SEIZED_TAGPACK: Final = "seized database"

#: ``payouts.kind``: what the market paid out to an account. A ``wallet_addresses`` row of one
#: of these kinds (withdrawal, refund) is an address its account asked to be paid to: the
#: user's own, not the market's.
PAYOUT: Final = "payout"
PAYOUT_KINDS: Final = (PAYOUT, "withdrawal", "refund")

#: The start of every ASCII-armored OpenPGP block (``MESSAGE-----``, ``PUBLIC KEY BLOCK-----``,
#: ... follows).
PGP_ARMOR: Final = "-----BEGIN PGP "
#: The first line of an armored OpenPGP message.
PGP_MESSAGE: Final = PGP_ARMOR + "MESSAGE-----"
#: The first line of a clearsigned text, and the line that starts its signature.
PGP_SIGNED_MESSAGE: Final = PGP_ARMOR + "SIGNED MESSAGE-----"
PGP_SIGNATURE: Final = PGP_ARMOR + "SIGNATURE-----"
