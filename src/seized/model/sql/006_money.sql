-- Money: detected CoinJoins, change guesses, cluster labels and conflicts, traced flows.

CREATE TABLE coinjoins (
    txid              VARCHAR PRIMARY KEY,
    pattern           VARCHAR NOT NULL,   -- whirlpool | wasabi | joinmarket | equal_output
    n_inputs          INTEGER,
    n_outputs         INTEGER,
    input_addresses   INTEGER,            -- distinct input addresses
    denomination_sats BIGINT,             -- the equal output value
    equal_outputs     INTEGER             -- how many outputs carry it
);

CREATE TABLE change_outputs (
    txid       VARCHAR NOT NULL,
    vout       INTEGER NOT NULL,
    heuristic  VARCHAR NOT NULL           -- one_time_change | address_type | round_amount | ...
);

CREATE TABLE cluster_labels (
    cluster_id VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,          -- the tag's actor, else its label
    category   VARCHAR,
    tags       INTEGER,                   -- tagged addresses of the cluster carrying it
    tagpacks   VARCHAR[]
);

CREATE TABLE cluster_conflicts (
    cluster_id VARCHAR PRIMARY KEY,
    labels     VARCHAR[],
    categories VARCHAR[],
    addresses  BIGINT                     -- size of the cluster
);

CREATE TABLE money_flows (
    person_id    VARCHAR,                 -- whose coins were traced (or the trace's start)
    from_address VARCHAR,
    to_address   VARCHAR,
    txid         VARCHAR NOT NULL,
    vout         INTEGER,
    amount_sats  BIGINT NOT NULL,
    hop          INTEGER NOT NULL,
    model        VARCHAR NOT NULL,        -- poison | haircut | fifo
    direction    VARCHAR NOT NULL         -- forward | backward
);

ALTER TABLE cashouts ADD COLUMN category VARCHAR;
ALTER TABLE cashouts ADD COLUMN address VARCHAR;
ALTER TABLE cashouts ADD COLUMN txid VARCHAR;
ALTER TABLE cashouts ADD COLUMN vout INTEGER;
ALTER TABLE cashouts ADD COLUMN via_coinjoin BOOLEAN;
ALTER TABLE cashouts ADD COLUMN peel_chain BOOLEAN;
ALTER TABLE cashouts ADD COLUMN direction VARCHAR;
