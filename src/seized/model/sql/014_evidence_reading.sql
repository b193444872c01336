-- How each piece of evidence is read, recorded when it is registered, and its withdrawal. A
-- withdrawn piece keeps its row (and its custody entries); its raw and canonical rows are gone.
ALTER TABLE evidence ADD COLUMN encoding VARCHAR;          -- text encoding it is read in (NULL: not text)
ALTER TABLE evidence ADD COLUMN encoding_source VARCHAR;   -- given (seized add --encoding) | detected
ALTER TABLE evidence ADD COLUMN encoding_confidence DOUBLE; -- of a detected encoding, 0-1
ALTER TABLE evidence ADD COLUMN csv_header BOOLEAN;        -- CSV: first row names the columns (NULL: detected)
ALTER TABLE evidence ADD COLUMN csv_columns VARCHAR[];     -- CSV: column names given at registration
ALTER TABLE evidence ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE evidence ADD COLUMN withdrawn_reason VARCHAR;
