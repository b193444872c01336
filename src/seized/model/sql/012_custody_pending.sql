-- Custody entries written in a stage's own transaction; each is appended to the custody log
-- right after the commit and then removed. A row left here (a crash between the commit and the
-- append) is appended when the case is next opened, so a committed stage always has its entry.
CREATE TABLE meta.custody_pending (
    pending_id   BIGINT PRIMARY KEY,
    actor        VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,
    entry        JSON NOT NULL,           -- inputs, outputs and details of the custody entry
    committed_at TIMESTAMP NOT NULL
);
