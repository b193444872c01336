-- Service addresses: tagged by a tag pack (the seized database's own tags are where stories
-- start, not services), or in a cluster a tag pack labels. A direct tag wins over a cluster
-- label; among several, the label with the most tags.
CREATE OR REPLACE TEMP TABLE _service_addresses AS
WITH direct AS (
    SELECT address, coalesce(actor, label) AS label, category, 3 AS priority, 1 AS weight
    FROM tags
    WHERE address IS NOT NULL AND coalesce(tagpack, '') <> {SEIZED_TAGPACK}
      AND coalesce(valid, TRUE)
),
clustered AS (
    SELECT ac.address, l.label, l.category, 2 AS priority, l.tags AS weight
    FROM cluster_labels l JOIN address_clusters ac USING (cluster_id)
    WHERE len(list_filter(l.tagpacks, lambda x: x IS NULL OR x <> {SEIZED_TAGPACK})) > 0
)
SELECT address, arg_max(label, priority * 1e9 + weight) AS label,
       arg_max(category, priority * 1e9 + weight) AS category
FROM (SELECT * FROM direct UNION ALL SELECT * FROM clustered)
GROUP BY address;

-- Deposit addresses: an address swept into one service, that is spent in a transaction whose
-- outputs all go to that service's addresses, when the sweep has several input addresses or
-- the address was paid more than once (a one-off payment of a whole wallet is a cash-out, not a
-- sweep). Never an address of a service already, nor one the seized database gives a user.
CREATE OR REPLACE TEMP TABLE _deposit_addresses AS
WITH sweeps AS (
    SELECT o.txid, min(k.label) AS label, min(k.category) AS category
    FROM btc_outputs o LEFT JOIN _service_addresses k USING (address)
    GROUP BY o.txid
    HAVING count(*) = count(k.label) AND count(DISTINCT k.label) = 1
)
SELECT i.address, any_value(s.label) AS label, any_value(s.category) AS category
FROM btc_inputs i JOIN sweeps s USING (txid)
WHERE i.address IS NOT NULL
  AND i.address NOT IN (SELECT address FROM _service_addresses)
  AND i.address NOT IN (SELECT address FROM payout_addresses())
  AND (i.txid IN (
          SELECT txid FROM btc_inputs GROUP BY txid HAVING count(DISTINCT address) >= 2)
       OR i.address IN (
          SELECT address FROM btc_outputs WHERE address IS NOT NULL
          GROUP BY address HAVING count(*) >= 2))
GROUP BY i.address HAVING count(DISTINCT s.label) = 1;
