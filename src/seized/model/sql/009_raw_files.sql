-- Raw tables are Parquet files under the case directory (CASE/raw/<schema>/<table>/), seen
-- through one view per table in the market's schema. Each file's size, rows and SHA-256 as the
-- ingest left it: `seized verify` reports a changed, missing or replaced file.
CREATE TABLE raw_files (
    market_id   VARCHAR NOT NULL,
    raw_schema  VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,  -- relative to the case directory
    rows        BIGINT NOT NULL,
    bytes       BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    PRIMARY KEY (market_id, path)
);
