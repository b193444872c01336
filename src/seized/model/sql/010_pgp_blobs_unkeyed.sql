-- pgp_blobs again, without its PRIMARY KEY. `seized decrypt` deletes and writes the rows of the
-- tables it scans in one transaction, and deleting rows from DuckDB's index took most of the
-- stage's time at commit: 10 s of 30 for the 257k blobs of the medium synthetic case, 0.3 s
-- without the index.
CREATE TEMP TABLE _pgp_blobs_kept AS SELECT * FROM pgp_blobs;
DROP TABLE pgp_blobs;

-- Every PGP message found in a seized value, with what became of it. The original value stays
-- where it was; the plaintext is kept here (and in orders.shipping_address / messages.body_plain).
-- One row per (source_table, source_column, source_key, blob_index), as the stage writes them
-- (no index enforces it: tests/crypto/test_stage.py checks reruns for duplicates).
CREATE TABLE pgp_blobs (
    source_table  VARCHAR NOT NULL,      -- canonical table, or raw_<market>.<table>
    source_column VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,      -- the row's key (raw tables: _seized_pos or rowid)
    blob_index    INTEGER NOT NULL,      -- n-th message in the value
    market_id     VARCHAR,
    char_start    BIGINT,                -- offsets of the message in the value
    char_end      BIGINT,
    form          VARCHAR NOT NULL,      -- armored | base64 | binary
    recipients    VARCHAR[],             -- key ids / fingerprints named by the message
    status        VARCHAR NOT NULL,      -- decrypted|no_key|locked|corrupt|password|unencrypted
    key_fingerprint VARCHAR,             -- the seized key that opened it (or is locked)
    opened_by     VARCHAR,               -- the (sub)key id / fingerprint it was addressed to
    plaintext     VARCHAR,
    plaintext_bytes BLOB,                -- only when the plaintext is not UTF-8
    error         VARCHAR
);
INSERT INTO pgp_blobs SELECT * FROM _pgp_blobs_kept;
DROP TABLE _pgp_blobs_kept;
