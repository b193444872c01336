-- Bookkeeping, evidence and markets. Applied once per case store, in order.
CREATE SCHEMA IF NOT EXISTS meta;

CREATE TABLE meta.stages (
    stage        VARCHAR NOT NULL,      -- e.g. 'ingest.raw', 'ingest.map'
    scope        VARCHAR NOT NULL,      -- e.g. the market name, or '' for case-wide stages
    status       VARCHAR NOT NULL,      -- 'done' (only committed together with the stage's data)
    fingerprint  VARCHAR,               -- hash of the stage's inputs; a change reruns the stage
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    result       JSON,
    PRIMARY KEY (stage, scope)
);

-- Checksums of canonical tables, recorded when a stage ends; `seized verify` recomputes them.
CREATE TABLE meta.checksums (
    table_name   VARCHAR PRIMARY KEY,
    row_count    BIGINT NOT NULL,
    checksum     VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL
);

-- The head of the custody log: detects a deleted last entry.
CREATE TABLE meta.custody_head (
    entries      BIGINT NOT NULL,
    last_hash    VARCHAR NOT NULL
);

CREATE TABLE evidence (
    evidence_id  INTEGER PRIMARY KEY,
    path         VARCHAR NOT NULL,      -- absolute path at registration
    name         VARCHAR NOT NULL,      -- file name
    sha256       VARCHAR NOT NULL,
    bytes        BIGINT NOT NULL,
    kind         VARCHAR NOT NULL,      -- dump | keys | chain | tagpack | other
    format       VARCHAR,               -- mysql | postgres | sqlite | csv | jsonl | ...
    market       VARCHAR,               -- market name for dumps
    added_at     TIMESTAMP NOT NULL,
    added_by     VARCHAR NOT NULL
);

CREATE TABLE markets (
    market_id      VARCHAR PRIMARY KEY,  -- short name, also the prefix of canonical ids
    name           VARCHAR NOT NULL,
    software       VARCHAR,              -- the mapping's software name
    mapping_path   VARCHAR,
    mapping_sha256 VARCHAR,
    raw_schema     VARCHAR NOT NULL      -- schema holding the market's own tables
);

-- Rows that could not be loaded (with --keep-going), with provenance. Nothing is dropped silently.
CREATE TABLE rejects (
    evidence_id  INTEGER NOT NULL,
    market_id    VARCHAR,
    raw_table    VARCHAR,
    line         BIGINT,
    byte_offset  BIGINT,
    reason       VARCHAR NOT NULL,
    raw_text     VARCHAR
);

-- Rows read per raw table: counts in = rows stored + rejects.
CREATE TABLE raw_tables (
    market_id    VARCHAR NOT NULL,
    evidence_id  INTEGER NOT NULL,
    raw_schema   VARCHAR NOT NULL,
    table_name   VARCHAR NOT NULL,
    rows_read    BIGINT NOT NULL,
    rows_stored  BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    PRIMARY KEY (market_id, table_name)
);
