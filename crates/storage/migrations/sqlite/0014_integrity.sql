-- Integrity from arrival (issue 14): a hiding commitment to every item a reporter or an
-- investigator puts into a report (the answers JSON, each file, each message), recorded with
-- the item. In clear: the commitment (SHA-256 of a random nonce and the item's SHA-256: it
-- matches no file without the nonce), the report and item ids, the item's kind and the UTC
-- day. The opening (nonce, SHA-256, size) is sealed to the report key. WITHOUT ROWID, keyed by
-- the commitment (random), so that SQLite stores rows in no order of arrival. Rows are never
-- deleted: every commitment of a day is a leaf of that day's Merkle tree, whose root is in the
-- audit trail, and the proofs of the other items of the day need it.
CREATE TABLE integrity_commitments (
    commitment     TEXT PRIMARY KEY,  -- 64 hex digits
    report_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,     -- answers | attachment | message
    item_id        TEXT NOT NULL,
    day            TEXT NOT NULL,     -- YYYY-MM-DD
    opening_sealed BLOB NOT NULL      -- {"nonce","sha256","size"} sealed to the report key
) WITHOUT ROWID;
CREATE INDEX integrity_commitments_day ON integrity_commitments (day);
CREATE INDEX integrity_commitments_report ON integrity_commitments (report_id);

-- The days that hold commitments: open (0) until the daily job closes the day (1) after it
-- ended, then the audit entry holding the day's root (`audit_seq`). An item is recorded only
-- on an open day after the last closed one, checked in the transaction that records it.
CREATE TABLE integrity_days (
    day       TEXT PRIMARY KEY,
    closed    INTEGER NOT NULL DEFAULT 0,
    audit_seq INTEGER
) WITHOUT ROWID;
