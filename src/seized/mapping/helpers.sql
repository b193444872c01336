-- Helper macros for mapping selects (docs/mappings.md lists them with examples).
-- Created as TEMP macros on the connection before a mapping runs; every helper is NULL-safe and
-- returns NULL for a value it cannot read instead of failing the whole mapping.
-- Names starting with seized_ are internal building blocks; seized_pgp_message() (the first line
-- of an armored PGP message) is made by the loader from the constant seized uses everywhere.

-- Text of any value without surrounding white space (blanks, tabs, newlines); NULL when empty.
CREATE OR REPLACE TEMP MACRO seized_text(x) AS
    nullif(regexp_replace(CAST(x AS VARCHAR), '^\s+|\s+$', '', 'g'), '');

-- A decimal number written as text: drops a trailing currency word or sign and inner spaces;
-- a comma is the decimal separator when there is no point, else a thousands separator.
CREATE OR REPLACE TEMP MACRO seized_number_text(x) AS (
    CASE
        WHEN contains(seized_text(x), '.') THEN replace(
            replace(regexp_replace(lower(seized_text(x)), '\s*([a-z฿€$£]+)$', ''), ',', ''), ' ', '')
        ELSE replace(
            replace(regexp_replace(lower(seized_text(x)), '\s*([a-z฿€$£]+)$', ''), ',', '.'), ' ', '')
    END
);

CREATE OR REPLACE TEMP MACRO seized_decimal(x) AS TRY_CAST(seized_number_text(x) AS DECIMAL(38, 12));

-- clean_text(x): trimmed text; NULL when empty or a placeholder (NULL, NA, N/A, None, -).
CREATE OR REPLACE TEMP MACRO clean_text(x) AS (
    CASE
        WHEN lower(seized_text(x)) IN ('null', 'na', 'n/a', 'none', '-', '--', '?') THEN NULL
        ELSE seized_text(x)
    END
);

-- bool_of(x): TRUE/FALSE from true/false, yes/no, y/n, t/f, on/off, 1/0; else NULL.
CREATE OR REPLACE TEMP MACRO bool_of(x) AS (
    CASE
        WHEN lower(seized_text(x)) IN ('true', 't', 'yes', 'y', 'on', '1', 'ja', 'oui', 'si', 'sí')
            THEN TRUE
        WHEN lower(seized_text(x)) IN ('false', 'f', 'no', 'n', 'off', '0', 'nein', 'non')
            THEN FALSE
    END
);

-- unix_ts(x): seconds since 1970-01-01 UTC (number or digits as text) -> TIMESTAMP (UTC).
-- 0 and negative values (the usual "never" in market software) give NULL.
CREATE OR REPLACE TEMP MACRO unix_ts(x) AS (
    CASE
        WHEN seized_decimal(x) > 0 AND seized_decimal(x) < 253402300800
            THEN make_timestamp(CAST(round(seized_decimal(x) * 1000000) AS BIGINT))
    END
);

-- unix_ms_ts(x): milliseconds since 1970-01-01 UTC -> TIMESTAMP (UTC).
CREATE OR REPLACE TEMP MACRO unix_ms_ts(x) AS (
    CASE
        WHEN seized_decimal(x) > 0 AND seized_decimal(x) < 253402300800000
            THEN make_timestamp(CAST(round(seized_decimal(x) * 1000) AS BIGINT))
    END
);

-- text_ts(x): a date or time written as text -> TIMESTAMP (UTC). Understands ISO 8601 with or
-- without time, 'T', fraction and offset (an offset or Z is converted to UTC), RFC 2822
-- ('Tue, 14 Oct 2014 10:00:00 +0200'), day-first European dates (14.10.2014, 14/10/2014),
-- 2014/10/14 and month names (14 Oct 2014, Oct 14, 2014). MySQL zero dates give NULL.
CREATE OR REPLACE TEMP MACRO text_ts(x) AS (
    CASE
        WHEN seized_text(x) IS NULL THEN NULL
        WHEN regexp_matches(seized_text(x), '(Z|[+-]\d\d:?\d\d|GMT|UTC)$')
            AND coalesce(
                TRY_CAST(seized_text(x) AS TIMESTAMPTZ),
                try_strptime(seized_text(x), '%a, %d %b %Y %H:%M:%S %z')
            ) IS NOT NULL
            THEN timezone('UTC', coalesce(
                TRY_CAST(seized_text(x) AS TIMESTAMPTZ),
                try_strptime(seized_text(x), '%a, %d %b %Y %H:%M:%S %z')
            ))
        ELSE coalesce(
            TRY_CAST(seized_text(x) AS TIMESTAMP),
            try_strptime(seized_text(x), [
                '%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y',
                '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
                '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y',
                '%d %b %Y %H:%M:%S', '%d %b %Y %H:%M', '%d %b %Y', '%d %B %Y',
                '%b %d, %Y %H:%M:%S', '%b %d, %Y', '%B %d, %Y',
                '%a, %d %b %Y %H:%M:%S', '%a %b %d %H:%M:%S %Y'
            ])
        )
    END
);

-- btc_sats(x): bitcoin as a decimal number or text ('0.5', '0,5 BTC', '1.49e+00') -> BIGINT
-- satoshis. Exact: the digits are read as a decimal, never through a float; sub-satoshi digits
-- are rounded half away from zero.
CREATE OR REPLACE TEMP MACRO btc_sats(x) AS
    TRY_CAST(round(seized_decimal(x) * 100000000) AS BIGINT);

-- mbtc_sats(x): millibitcoin -> satoshis.
CREATE OR REPLACE TEMP MACRO mbtc_sats(x) AS TRY_CAST(round(seized_decimal(x) * 100000) AS BIGINT);

-- sats(x): an amount already in satoshis (number or text) -> BIGINT.
CREATE OR REPLACE TEMP MACRO sats(x) AS TRY_CAST(round(seized_decimal(x)) AS BIGINT);

-- eur_sats(amount, btc_eur_rate): euros at a rate of euros per bitcoin -> satoshis.
CREATE OR REPLACE TEMP MACRO eur_sats(amount, btc_eur_rate) AS (
    CASE
        WHEN seized_decimal(btc_eur_rate) > 0 THEN TRY_CAST(
            round(seized_decimal(amount) * 100000000 / seized_decimal(btc_eur_rate)) AS BIGINT)
    END
);

-- usd_sats(amount, btc_usd_rate): US dollars at a rate of dollars per bitcoin -> satoshis.
CREATE OR REPLACE TEMP MACRO usd_sats(amount, btc_usd_rate) AS eur_sats(amount, btc_usd_rate);

-- range_low / range_high / range_mid(label): the bounds and midpoint of an interval label such as
-- '[1.00e-07,1.49e+00)', '(0.5, 1]', '10-20' or '10 to 20', as DECIMAL; NULL if not a range.
CREATE OR REPLACE TEMP MACRO seized_range_part(label, part) AS TRY_CAST(nullif(regexp_extract(
    seized_text(label),
    '^[\[(]?\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(?:,|;|-|–|to)\s*'
        || '([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*[\])]?$',
    part), '') AS DECIMAL(38, 12));
CREATE OR REPLACE TEMP MACRO range_low(label) AS seized_range_part(label, 1);
CREATE OR REPLACE TEMP MACRO range_high(label) AS seized_range_part(label, 2);
CREATE OR REPLACE TEMP MACRO range_mid(label) AS
    (seized_range_part(label, 1) + seized_range_part(label, 2)) * 0.5;

-- Country names and codes: the lookup key of a place text (lower case, single spaces, without a
-- leading 'From:'/'Ships from:' and a trailing 'only', '!' or '.').
CREATE OR REPLACE TEMP MACRO seized_country_key(x) AS regexp_replace(regexp_replace(
    regexp_replace(lower(seized_text(x)), '\s+', ' ', 'g'),
    '^(ships? from|shipping from|from|origin|country)\s*:\s*', ''),
    '(\s+only)?[\s!.]*$', '');

-- country_iso2(name): ISO 3166-1 alpha-2 code from a country name in English or a common other
-- spelling, abbreviation or code ('United Kingdom', 'UK', 'England' -> GB; 'Deutschland' -> DE;
-- 'Holland' -> NL; 'us' -> US); NULL for 'Worldwide', regions and anything unknown.
CREATE OR REPLACE TEMP MACRO country_iso2(x) AS (
    SELECT nullif(c.iso2, '')
    FROM temp.main.seized_country_names AS c
    WHERE c.key = seized_country_key(x)
);

-- country_or_text(x): the ISO2 code when the text names a country, else the trimmed text as
-- seized (for columns such as ships_from: 'ISO2 where the mapping could tell, else as seized').
-- Only ISO 3166-1 codes may look like one: the abbreviations 'WW' and 'EU' are written out
-- ('Worldwide', 'European Union'), any other two letters that are no ISO code ('XK') give NULL.
CREATE OR REPLACE TEMP MACRO country_or_text(x) AS coalesce(country_iso2(x), CASE
    WHEN seized_country_key(x) = 'ww' THEN 'Worldwide'
    WHEN seized_country_key(x) = 'eu' THEN 'European Union'
    WHEN NOT regexp_matches(seized_country_key(x), '^[a-z]{2}$') THEN clean_text(x)
END);

-- role_of(x): free-text role words -> 'staff', 'vendor' or 'buyer'; NULL if not recognised.
CREATE OR REPLACE TEMP MACRO role_of(x) AS (
    CASE
        WHEN regexp_matches(lower(seized_text(x)),
            '(admin|moderat|\bmods?\b|staff|support|owner|\broot\b|operator|sysop|superuser)')
            THEN 'staff'
        WHEN regexp_matches(lower(seized_text(x)),
            '(vendor|seller|merchant|dealer|supplier|\bshops?\b|verk[aä]ufer|vendeur|vendedor)')
            THEN 'vendor'
        WHEN regexp_matches(lower(seized_text(x)),
            '(buyer|\busers?\b|member|customer|client|purchaser|k[aä]ufer|acheteur|comprador'
                || '|guest|normal|regular|registered)')
            THEN 'buyer'
    END
);

-- status_of(x): order status words -> pending | paid | shipped | finalized | disputed | refunded |
-- cancelled; NULL if not recognised (numeric codes need a CASE in the mapping).
CREATE OR REPLACE TEMP MACRO status_of(x) AS (
    CASE
        WHEN regexp_matches(lower(seized_text(x)),
            '(cancel|abort|declin|reject|expir|void|delet|timed? ?out)') THEN 'cancelled'
        WHEN regexp_matches(lower(seized_text(x)), '(refund|returned|reimburs|charge ?back)')
            THEN 'refunded'
        WHEN regexp_matches(lower(seized_text(x)), '(disput|conflict|arbitrat|complain|claim)')
            THEN 'disputed'
        WHEN regexp_matches(lower(seized_text(x)),
            '(final|complet|\bdone\b|closed|releas|received|delivered|success|\bfe\b)')
            THEN 'finalized'
        WHEN regexp_matches(lower(seized_text(x)),
            '(unpaid|not paid|awaiting payment|waiting for payment|pending payment)') THEN 'pending'
        WHEN regexp_matches(lower(seized_text(x)),
            '(awaiting ship|waiting for ship|not (yet )?shipped|to be shipped)') THEN 'paid'
        WHEN regexp_matches(lower(seized_text(x)), '(ship|\bsent\b|dispatch|transit|on the way)')
            THEN 'shipped'
        WHEN regexp_matches(lower(seized_text(x)),
            '(paid|funded|escrow|accepted|confirmed|processing|in progress)') THEN 'paid'
        WHEN regexp_matches(lower(seized_text(x)),
            '(pending|\bnew\b|waiting|awaiting|created|\bopen\b|placed|initiated|cart)')
            THEN 'pending'
    END
);

-- category_path(a, b, c): non-empty category levels joined with ' > ' ('Drugs > Cannabis').
CREATE OR REPLACE TEMP MACRO category_path(a, b := NULL, c := NULL) AS nullif(concat_ws(' > ',
    clean_text(a), clean_text(b), clean_text(c)), '');

-- pgp_fingerprint_of(x): a PGP fingerprint written with or without spaces or 0x -> 40 (v4) or
-- 64 (v5/v6) upper-case hex digits; NULL otherwise.
CREATE OR REPLACE TEMP MACRO pgp_fingerprint_of(x) AS (
    CASE
        WHEN regexp_matches(
            upper(regexp_replace(regexp_replace(seized_text(x), '^0[xX]', ''), '[\s:]', '', 'g')),
            '^([0-9A-F]{40}|[0-9A-F]{64})$')
            THEN upper(regexp_replace(regexp_replace(seized_text(x), '^0[xX]', ''), '[\s:]', '', 'g'))
    END
);

-- is_pgp_message(x): TRUE when the text holds an armored PGP message (encrypted content).
CREATE OR REPLACE TEMP MACRO is_pgp_message(x) AS
    coalesce(contains(CAST(x AS VARCHAR), seized_pgp_message()), FALSE);

-- ip_text(x): an IPv4 address stored as an integer (MySQL INET_ATON) -> dotted text; any other
-- value -> trimmed text.
CREATE OR REPLACE TEMP MACRO ip_text(x) AS (
    CASE
        WHEN regexp_matches(seized_text(x), '^[0-9]+$')
            AND TRY_CAST(seized_text(x) AS UBIGINT) < 4294967296
            THEN concat_ws('.',
                (TRY_CAST(seized_text(x) AS UBIGINT) >> 24) & 255,
                (TRY_CAST(seized_text(x) AS UBIGINT) >> 16) & 255,
                (TRY_CAST(seized_text(x) AS UBIGINT) >> 8) & 255,
                TRY_CAST(seized_text(x) AS UBIGINT) & 255)
        ELSE seized_text(x)
    END
);
