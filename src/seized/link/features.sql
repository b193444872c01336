-- Per-account features for the probabilistic model (see seized.link.features, which runs these
-- statements in order). $name values are the constants of seized.link.features and
-- seized.vocabulary, bound as parameters; link_hard (the hard links) and link_groups_arrow
-- (each account's group under them) exist before the first statement runs.

-- Usernames: lowercased; compact (accents folded, only letters and digits); leet (the compact
-- form with leetspeak undone: r4ven4411 -> raveaaii, as raven4411; 0tt3r_e5 -> otteres, as
-- otter_es); normalized (the trailing number stripped first, then leetspeak undone:
-- Gr33nFox42 -> greenfox). A trailing number is two digits or more, or digits after a separator:
-- one digit glued to letters may be a letter (e5).
CREATE OR REPLACE TEMP TABLE link_names AS
WITH folded AS (
    SELECT account_id, market_id, role, username,
           regexp_replace(strip_accents(lower(coalesce(username, ''))), '[^-a-z0-9@$._ ]', '',
                          'g') AS folded
      FROM accounts
)
SELECT account_id, market_id, role, nullif(lower(trim(username)), '') AS name_exact,
       nullif(regexp_replace(folded, '[^a-z0-9]', '', 'g'), '') AS name_compact,
       nullif(translate(regexp_replace(folded, '[^a-z0-9@$]', '', 'g'), '0134578@$',
                        'oieastbas'), '') AS name_leet,
       nullif(translate(
                  regexp_replace(regexp_replace(folded, '([-._ ][0-9]+|[0-9]{2,})$', ''),
                                 '[^a-z0-9@$]', '', 'g'),
                  '0134578@$', 'oieastbas'),
              '') AS name_norm
  FROM folded;

-- Common names (and names shorter than three characters) are no names; admin2 keeps its
-- compact form.
UPDATE link_names
   SET name_norm = CASE WHEN name_norm IN (SELECT unnest($common_names::VARCHAR[]))
                          OR length(name_norm) < 3 THEN NULL ELSE name_norm END,
       name_compact = CASE WHEN name_compact IN (SELECT unnest($common_names::VARCHAR[]))
                             OR length(name_compact) < 3
                             OR name_norm IN (SELECT unnest($common_names::VARCHAR[]))
                                AND name_compact = name_norm
                           THEN NULL ELSE name_compact END,
       name_leet = CASE WHEN name_leet IN (SELECT unnest($common_names::VARCHAR[]))
                          OR length(name_leet) < 3
                          OR name_norm IN (SELECT unnest($common_names::VARCHAR[]))
                             AND name_leet = name_norm
                        THEN NULL ELSE name_leet END;

-- Writing habits in listings and profiles: each sentence, digits dropped, as a fingerprint.
CREATE OR REPLACE TEMP TABLE link_sentences AS
WITH texts AS (
    SELECT vendor_id AS account_id, listing_id AS source, description AS text
      FROM listings WHERE vendor_id IS NOT NULL AND description IS NOT NULL
    UNION ALL
    SELECT account_id, account_id, profile FROM accounts WHERE profile IS NOT NULL
),
pieces AS (
    SELECT account_id, source,
           unnest(regexp_split_to_array(left(text, 4000), '[.!?\n]+')) AS piece
      FROM texts
),
clean AS (
    SELECT account_id, source,
           trim(regexp_replace(regexp_replace(lower(piece), '[0-9]+', '', 'g'),
                               '\s+', ' ', 'g')) AS phrase
      FROM pieces
)
SELECT DISTINCT account_id, source, left(md5(phrase), 16) AS phrase
  FROM clean WHERE length(phrase) >= $min_phrase;

-- Buyers: fingerprints of readable shipping addresses and of postal addresses in their texts.
CREATE OR REPLACE TEMP TABLE link_shipping AS
SELECT DISTINCT buyer_id AS account_id,
       left(md5(lower(regexp_replace(trim(shipping_address), '\s+', ' ', 'g'))), 16)
           AS address
  FROM orders
 WHERE buyer_id IS NOT NULL AND coalesce(trim(shipping_address), '') <> ''
   AND NOT starts_with(shipping_address, $pgp_armor)
UNION
SELECT DISTINCT account_id,
       left(md5(lower(regexp_replace(trim(value), '\s+', ' ', 'g'))), 16)
  FROM identifiers
 WHERE kind = 'postal_address' AND account_id IS NOT NULL;

-- The short lines an account keeps writing in its messages (how it opens and closes them, a
-- catchphrase): at most 48 characters, digits dropped, in at least $habit_share of its messages
-- of several lines and at least twice. Lines that more than $habit_template_share of the
-- accounts with habits use are templates. The habit set and every pair of habits are blocking
-- keys unless more than $key_block_max accounts share them.
CREATE OR REPLACE TEMP TABLE link_habit_sets AS
WITH readable AS (
    SELECT sender_id AS account_id,
           coalesce(body_plain, CASE WHEN NOT coalesce(encrypted, FALSE) THEN body END)
               AS text
      FROM messages WHERE sender_id IS NOT NULL
),
texts AS MATERIALIZED (  -- (else each reader cleans the lines again)
    SELECT account_id,
           list_filter(
               list_transform(
                   string_split(text, chr(10)),
                   lambda x: trim(regexp_replace(
                       regexp_replace(lower(x), '[0-9]+', '', 'g'), '\s+', ' ', 'g'))),
               lambda x: x <> '') AS lines
      FROM readable WHERE NOT starts_with(text, $pgp_armor)
),
sent AS (SELECT account_id, count(*) AS messages FROM texts GROUP BY account_id),
ends AS (
    SELECT account_id, unnest(list_distinct(lines)) AS habit
      FROM texts WHERE len(lines) >= 2
),
used AS (
    SELECT account_id, habit, count(*) AS uses FROM ends
     WHERE length(habit) <= 48 GROUP BY ALL
),
kept AS (
    SELECT u.account_id, u.habit FROM used AS u JOIN sent USING (account_id)
     WHERE u.uses >= 2 AND u.uses >= $habit_share * sent.messages
),
templates AS (
    SELECT habit FROM kept GROUP BY habit
    HAVING count(*) > $habit_template_share * (SELECT count(DISTINCT account_id) FROM kept)
       AND count(*) > 10
),
sets AS (
    SELECT account_id, habits, array_to_string(habits, '|') AS habit_key,
           list_filter(
               flatten(list_transform(habits, lambda a: list_transform(habits,
                   lambda b: CASE WHEN a < b THEN a || '|' || b END))),
               lambda x: x IS NOT NULL) AS pairs
      FROM (SELECT account_id, list_sort(list(left(md5(habit), 16))) AS habits
              FROM kept WHERE habit NOT IN (SELECT habit FROM templates)
             GROUP BY account_id)
),
crowded_keys AS (
    SELECT habit_key FROM sets GROUP BY habit_key HAVING count(*) > $key_block_max
),
each_pair AS (SELECT account_id, unnest(pairs) AS pair FROM sets),
crowded_pairs AS (
    SELECT pair FROM each_pair GROUP BY pair HAVING count(*) > $key_block_max
),
kept_pairs AS (
    SELECT account_id, list(pair) AS habit_pairs FROM each_pair
     WHERE pair NOT IN (SELECT pair FROM crowded_pairs) GROUP BY account_id
)
SELECT s.account_id, s.habits,
       CASE WHEN s.habit_key NOT IN (SELECT habit_key FROM crowded_keys)
            THEN s.habit_key END AS habit_key,
       p.habit_pairs
  FROM sets AS s LEFT JOIN kept_pairs AS p USING (account_id);

-- Writing style (Frantzeskou et al.'s simplified profile intersection, with the profile chosen by
-- tf-idf): over the messages the account sent (listing texts and profiles are stock phrases,
-- compared as such); lowercased, digits dropped, the lines in a fixed order up to
-- $style_chars characters. The profiles (the character 4-grams each account uses most,
-- weighted by how rare they are among the accounts with text) are computed from these texts in
-- seized.link.style and registered as link_style_profiles_arrow before the next statement.
CREATE OR REPLACE TEMP TABLE link_style_texts AS
WITH raw AS (
    SELECT sender_id AS account_id,
           coalesce(body_plain, CASE WHEN NOT coalesce(encrypted, FALSE) THEN body END) AS text
      FROM messages WHERE sender_id IS NOT NULL
),
lines AS MATERIALIZED (  -- (else the filter on its length cleans each line twice)
    SELECT account_id,
           trim(regexp_replace(regexp_replace(lower(piece), '[0-9]+', '', 'g'), '\s+', ' ',
                               'g')) AS line
      FROM (SELECT account_id, unnest(regexp_split_to_array(left(text, 4000), '[\n.!?]+'))
                       AS piece
              FROM raw WHERE text IS NOT NULL AND NOT starts_with(text, $pgp_armor))
)
-- (each account's lines sorted as a list: cheaper than an ordered string_agg, the same text)
SELECT account_id,
       left(array_to_string(list_transform(list_sort(list({'h': hash(line), 'l': line})),
                                           lambda x: x.l), ' | '), $style_chars) AS text
  FROM lines WHERE length(line) >= 4 GROUP BY account_id;

-- Two profiles are compared by how many grams they share. style_keys are min-hash bands of the
-- profile ($style_bands of two hashes each), a blocking key unless more than $key_block_max
-- accounts share one.
CREATE OR REPLACE TEMP TABLE link_style AS
WITH profiles AS (SELECT account_id, style FROM link_style_profiles_arrow),
bands AS (
    SELECT account_id, b,
           b || ':' || min(hash(gram || '#' || (2 * b))) || ':'
             || min(hash(gram || '#' || (2 * b + 1))) AS band
      FROM (SELECT account_id, unnest(style) AS gram FROM profiles),
           range(0, $style_bands) AS t(b)
     GROUP BY account_id, b
),
kept AS (
    SELECT account_id, list_sort(list(band)) AS style_keys
      FROM (SELECT *, count(*) OVER (PARTITION BY band) AS sharing FROM bands)
     WHERE sharing <= $key_block_max AND sharing > 1
     GROUP BY account_id
)
SELECT p.account_id, p.style, k.style_keys
  FROM profiles AS p LEFT JOIN kept AS k USING (account_id);

-- Activity by hour of day (UTC) over logins, messages sent and orders placed; accounts with
-- fewer than $min_events timed events have none.
CREATE OR REPLACE TEMP TABLE link_hours AS
WITH events AS (
    SELECT account_id, hour("at") AS h FROM logins
     WHERE account_id IS NOT NULL AND "at" IS NOT NULL
    UNION ALL
    SELECT sender_id, hour(created_at) FROM messages
     WHERE sender_id IS NOT NULL AND created_at IS NOT NULL
    UNION ALL
    SELECT buyer_id, hour(created_at) FROM orders
     WHERE buyer_id IS NOT NULL AND created_at IS NOT NULL
)
SELECT account_id,
       [count(*) FILTER (WHERE h = 0)::DOUBLE, count(*) FILTER (WHERE h = 1)::DOUBLE,
        count(*) FILTER (WHERE h = 2)::DOUBLE, count(*) FILTER (WHERE h = 3)::DOUBLE,
        count(*) FILTER (WHERE h = 4)::DOUBLE, count(*) FILTER (WHERE h = 5)::DOUBLE,
        count(*) FILTER (WHERE h = 6)::DOUBLE, count(*) FILTER (WHERE h = 7)::DOUBLE,
        count(*) FILTER (WHERE h = 8)::DOUBLE, count(*) FILTER (WHERE h = 9)::DOUBLE,
        count(*) FILTER (WHERE h = 10)::DOUBLE, count(*) FILTER (WHERE h = 11)::DOUBLE,
        count(*) FILTER (WHERE h = 12)::DOUBLE, count(*) FILTER (WHERE h = 13)::DOUBLE,
        count(*) FILTER (WHERE h = 14)::DOUBLE, count(*) FILTER (WHERE h = 15)::DOUBLE,
        count(*) FILTER (WHERE h = 16)::DOUBLE, count(*) FILTER (WHERE h = 17)::DOUBLE,
        count(*) FILTER (WHERE h = 18)::DOUBLE, count(*) FILTER (WHERE h = 19)::DOUBLE,
        count(*) FILTER (WHERE h = 20)::DOUBLE, count(*) FILTER (WHERE h = 21)::DOUBLE,
        count(*) FILTER (WHERE h = 22)::DOUBLE, count(*) FILTER (WHERE h = 23)::DOUBLE]
           AS hours
  FROM events
 GROUP BY account_id HAVING count(*) >= $min_events;

-- Buyers: the vendors they bought from, each vendor account as the group of accounts the hard
-- links tie it to (link_groups_arrow), so that one vendor on two markets counts once.
CREATE OR REPLACE TEMP TABLE link_vendor_sets AS
SELECT o.buyer_id AS account_id,
       list_sort(list(DISTINCT coalesce(g.group_id, o.vendor_id))) AS vendors
  FROM orders AS o LEFT JOIN link_groups_arrow AS g ON g.account_id = o.vendor_id
 WHERE o.buyer_id IS NOT NULL AND o.vendor_id IS NOT NULL
 GROUP BY o.buyer_id;

-- One row per account, with the blocking keys: a normalized name shared by at most
-- $name_block_max accounts; a compact name, a trade key (stock phrase or product mix with the
-- country shipped from) shared by at most $key_block_max (a crowded phrase key takes the
-- product mix too, a crowded product-mix key is dropped).
CREATE OR REPLACE TEMP TABLE link_features AS
WITH listing_stats AS (
    SELECT vendor_id AS account_id,
           -- the leaf, folded and in the singular: Synthetics and synthetic are one category
           list_sort(list_distinct(list(nullif(regexp_replace(regexp_replace(
               strip_accents(lower(regexp_extract(category, '([^>/|]+)$', 1))), '[^a-z0-9]+', '',
               'g'), '([^s])s$', '\1'), '')))) AS categories,
           -- unknown is not a country: NULL when no listing says (a scrape, a market without)
           nullif(list_sort(list_distinct(list(nullif(upper(trim(ships_from)), '')))), [])
               AS ships_from,
           list_sort(list_distinct(flatten(list(
               regexp_extract_all(lower(title), '[a-z]{3,}'))))) AS title_tokens,
           median(log10(greatest(price_sats, 1))) AS price_level
      FROM listings WHERE vendor_id IS NOT NULL GROUP BY vendor_id
),
ship_counts AS (
    SELECT vendor_id AS account_id, upper(trim(ships_from)) AS country, count(*) AS n
      FROM listings
     WHERE vendor_id IS NOT NULL AND coalesce(trim(ships_from), '') <> ''
     GROUP BY ALL
),
ship_mains AS (  -- the most frequent; of equally frequent ones the first alphabetically
    SELECT account_id, first(country ORDER BY n DESC, country) AS ship_main
      FROM ship_counts GROUP BY account_id
),
phrase_counts AS (
    SELECT account_id, phrase, count(*) AS uses FROM link_sentences GROUP BY ALL
),
phrase_stats AS (
    SELECT account_id, list_sort(list(phrase)) AS phrases,
           arg_max(phrase, uses * 1e6 - hash(phrase) % 1000000) AS phrase_key
      FROM phrase_counts GROUP BY account_id
),
shipping_stats AS (  -- every address a blocking key unless more than $ship_block_max share it
    SELECT account_id, list_sort(list(address)) AS shipping,
           nullif(list_sort(list(address) FILTER (WHERE sharing <= $ship_block_max)), [])
               AS ship_keys
      FROM (SELECT *, count(*) OVER (PARTITION BY address) AS sharing FROM link_shipping)
     GROUP BY account_id
),
name_counts AS (
    SELECT name_norm, count(*) AS n FROM link_names
     WHERE name_norm IS NOT NULL GROUP BY name_norm
),
market_roles AS (  -- a market of vendors only (a scrape) says nothing by an account's role
    SELECT market_id, count(DISTINCT role) AS roles FROM link_names GROUP BY market_id
)
SELECT *,
       CASE WHEN count(*) OVER (PARTITION BY name_compact) <= $key_block_max
            THEN name_compact END AS name_compact_block,
       CASE WHEN count(*) OVER (PARTITION BY name_leet) <= $key_block_max
            THEN name_leet END AS name_leet_block,
       CASE WHEN phrase_key IS NULL OR ship_main IS NULL THEN NULL
            WHEN count(*) OVER (PARTITION BY phrase_key, ship_main) <= $key_block_max
            THEN phrase_key || '|' || ship_main
            ELSE phrase_key || '|' || ship_main || '|' || coalesce(categories_key, '')
             END AS phrase_block,
       CASE WHEN categories_key IS NULL OR ship_main IS NULL THEN NULL
            WHEN count(*) OVER (PARTITION BY categories_key, ship_main) <= $key_block_max
            THEN categories_key || '|' || ship_main END AS categories_block
  FROM (
SELECT n.account_id AS unique_id, n.market_id, n.role,
       CASE WHEN mr.roles > 1 THEN n.role END AS trade_role, n.name_exact, n.name_compact,
       n.name_leet, n.name_norm,
       CASE WHEN c.n <= $name_block_max THEN n.name_norm END AS name_block,
       l.categories, array_to_string(l.categories, '|') AS categories_key,
       l.ships_from, sm.ship_main, l.title_tokens, l.price_level,
       p.phrases, p.phrase_key, s.shipping, s.ship_keys,
       hb.habits, hb.habit_key, hb.habit_pairs, hr.hours, vs.vendors, st.style,
       st.style_keys
  FROM link_names AS n
  LEFT JOIN name_counts AS c USING (name_norm)
  LEFT JOIN market_roles AS mr ON mr.market_id = n.market_id
  LEFT JOIN listing_stats AS l ON l.account_id = n.account_id
  LEFT JOIN ship_mains AS sm ON sm.account_id = n.account_id
  LEFT JOIN phrase_stats AS p ON p.account_id = n.account_id
  LEFT JOIN shipping_stats AS s ON s.account_id = n.account_id
  LEFT JOIN link_habit_sets AS hb ON hb.account_id = n.account_id
  LEFT JOIN link_hours AS hr ON hr.account_id = n.account_id
  LEFT JOIN link_style AS st ON st.account_id = n.account_id
  LEFT JOIN link_vendor_sets AS vs ON vs.account_id = n.account_id
  );
