-- payout_addresses(): (account_id, address) of every address the seized database says a user
-- asked the market to pay to: payout destinations, and withdrawal, payout and refund addresses.
-- A payout's account may be missing (NULL); such an address still belongs to a user.
-- {NAMES} in braces are seized.vocabulary's words, rendered in by seized.chain.deposits.
CREATE OR REPLACE TEMP MACRO payout_addresses() AS TABLE
SELECT account_id, address FROM payouts WHERE address IS NOT NULL
UNION
SELECT account_id, address FROM wallet_addresses
WHERE account_id IS NOT NULL AND kind IN {PAYOUT_KINDS};
