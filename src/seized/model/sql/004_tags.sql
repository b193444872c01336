-- Tags: more of the GraphSense TagPack fields, and where each tag came from.
ALTER TABLE tags ADD COLUMN currency VARCHAR;
ALTER TABLE tags ADD COLUMN network VARCHAR;
ALTER TABLE tags ADD COLUMN actor VARCHAR;
ALTER TABLE tags ADD COLUMN context VARCHAR;
ALTER TABLE tags ADD COLUMN is_cluster_definer BOOLEAN;
ALTER TABLE tags ADD COLUMN confidence_level INTEGER;   -- 0-100, from the confidence taxonomy
ALTER TABLE tags ADD COLUMN tagpack VARCHAR;            -- tag pack title, or 'seized database'
ALTER TABLE tags ADD COLUMN evidence_id INTEGER;
ALTER TABLE tags ADD COLUMN line INTEGER;               -- line of the tag in its tag pack
ALTER TABLE tags ADD COLUMN valid BOOLEAN;              -- the address passed its checksum
