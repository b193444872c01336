-- btc_transactions again, without its PRIMARY KEY. `seized chain add` checks every batch against
-- the stored txids (NOT EXISTS) before it inserts, so the key only cost time: on 2.2M
-- transactions of the large synthetic chain, inserting into its index took 21 s, the fee UPDATE
-- after loading 74 s and the commits 21 s more than without it (105 s in all instead of 215).
-- A copy made with CREATE TABLE AS has the columns of migration 003 and no constraints.

-- One row per txid, as `seized chain add` writes them: a transaction already stored (mined
-- again in another block, or a duplicate coinbase) is kept once, in the block first loaded (no
-- index enforces it: tests/chain/test_load.py checks).
CREATE TABLE _btc_transactions_unkeyed AS SELECT * FROM btc_transactions;
DROP TABLE btc_transactions;
ALTER TABLE _btc_transactions_unkeyed RENAME TO btc_transactions;
ALTER TABLE btc_transactions ALTER COLUMN txid SET NOT NULL;
