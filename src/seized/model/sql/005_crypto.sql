-- PGP: what is known about each key, the seized secret keys, and every PGP blob found.

ALTER TABLE pgp_keys ADD COLUMN key_ids VARCHAR[];        -- key ids and fingerprints of (sub)keys
ALTER TABLE pgp_keys ADD COLUMN secret_status VARCHAR;    -- unprotected|unlocked|locked|unusable

-- Seized secret keys as seized (binary, still passphrase-protected) and how to open them.
CREATE TABLE pgp_secrets (
    fingerprint  VARCHAR PRIMARY KEY,
    evidence_id  INTEGER,                -- the key file (NULL: found in seized text)
    source       VARCHAR NOT NULL,       -- file name, or table.column:row key
    secret       BLOB NOT NULL,
    protected    BOOLEAN NOT NULL,
    passphrase   VARCHAR,                -- the passphrase that unlocked it (case-confidential)
    status       VARCHAR NOT NULL,       -- unprotected | unlocked | locked | unusable
    error        VARCHAR,
    key_ids      VARCHAR[] NOT NULL      -- key ids and fingerprints of its (sub)keys
);

-- Every PGP message found in a seized value, with what became of it. The original value stays
-- where it was; the plaintext is kept here (and in orders.shipping_address / messages.body_plain).
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
    error         VARCHAR,
    PRIMARY KEY (source_table, source_column, source_key, blob_index)
);
