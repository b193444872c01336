-- Linking (`seized link`): the links behind each person, the analyst's overrides, and the
-- identifiers left out of hard linking because they say nothing about one person.

CREATE TABLE link_edges (
    account_a     VARCHAR NOT NULL,     -- the smaller account id of the pair
    account_b     VARCHAR NOT NULL,
    rule          VARCHAR NOT NULL,     -- shared_pgp | shared_address | shared_handle | ... | model
    value         VARCHAR,              -- the shared identifier (hard links)
    match_weight  DOUBLE,               -- model links: Splink match weight (log2 Bayes factor)
    probability   DOUBLE,               -- model links: match probability
    fields        JSON,                 -- model links: match weight per compared field
    accepted      BOOLEAN NOT NULL,     -- FALSE: kept out of the person (the reason says why)
    reason        VARCHAR               -- cannot_link | same_market | countries_differ | habits_differ | below_vendor_threshold
);

CREATE TABLE link_overrides (
    kind          VARCHAR NOT NULL,     -- must_link | cannot_link
    account_a     VARCHAR NOT NULL,
    account_b     VARCHAR NOT NULL,
    note          VARCHAR,
    source        VARCHAR,              -- the overrides file
    line          INTEGER
);

CREATE TABLE link_exclusions (
    kind          VARCHAR NOT NULL,     -- pgp | address | handle | email | phone | username
    value         VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,     -- market_wallet | crowded | tutorial_key | common_name
    accounts      INTEGER               -- accounts carrying it
);
