-- no-transaction
-- Reporter data keeps no order of arrival (issue 10, docs/threat-model.md): the `arrival`
-- counter goes, and the tables of reporter data become WITHOUT ROWID tables keyed by their
-- random ids, so that SQLite stores their rows in the order of those ids, not in the order
-- they were written (a rowid table's b-tree is in insertion order).
-- SQLite cannot change a table to WITHOUT ROWID in place: each is rebuilt and renamed, with
-- foreign keys off for the swap (https://sqlite.org/lang_altertable.html, "Making Other Kinds
-- Of Table Schema Changes"), hence no wrapping transaction from the migrator.
-- Failed sign-ins get the time of the last one, so that failures can be forgotten an hour
-- later (the pause rule, docs/operators.md).
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE reports_new (
    id                   TEXT PRIMARY KEY,
    lookup               INTEGER NOT NULL UNIQUE,
    report_recipient     TEXT NOT NULL,
    mailbox_recipient    TEXT NOT NULL,
    receipt_salt         BLOB NOT NULL,
    kdf_memory_kib       INTEGER NOT NULL,
    kdf_iterations       INTEGER NOT NULL,
    kdf_parallelism      INTEGER NOT NULL,
    status               TEXT NOT NULL,
    received_day         TEXT NOT NULL,
    updated_day          TEXT NOT NULL,
    answers_bytes        INTEGER NOT NULL,
    summary_sealed       BLOB,
    tags_sealed          BLOB,
    assignee             TEXT REFERENCES investigators (id),
    unread_from_reporter INTEGER NOT NULL DEFAULT 0,
    xref_sealed          BLOB,
    recipients_mac       TEXT
) WITHOUT ROWID;
INSERT INTO reports_new (id, lookup, report_recipient, mailbox_recipient, receipt_salt,
    kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, updated_day,
    answers_bytes, summary_sealed, tags_sealed, assignee, unread_from_reporter, xref_sealed,
    recipients_mac)
SELECT id, lookup, report_recipient, mailbox_recipient, receipt_salt,
    kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, updated_day,
    answers_bytes, summary_sealed, tags_sealed, assignee, unread_from_reporter, xref_sealed,
    recipients_mac
FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_received ON reports (received_day);

CREATE TABLE attachments_new (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    seq         INTEGER NOT NULL,
    origin      TEXT NOT NULL,
    added_day   TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO attachments_new SELECT id, report_id, seq, origin, added_day, size_bytes FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE UNIQUE INDEX attachments_report ON attachments (report_id, seq);

CREATE TABLE messages_new (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    seq         INTEGER NOT NULL,
    author      TEXT NOT NULL,
    sent_day    TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    origin_mac  TEXT,
    UNIQUE (report_id, seq)
) WITHOUT ROWID;
INSERT INTO messages_new SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac
FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;

CREATE TABLE report_access_new (
    report_id TEXT NOT NULL REFERENCES reports (id),
    recipient TEXT NOT NULL,
    PRIMARY KEY (report_id, recipient)
) WITHOUT ROWID;
INSERT INTO report_access_new SELECT report_id, recipient FROM report_access;
DROP TABLE report_access;
ALTER TABLE report_access_new RENAME TO report_access;

ALTER TABLE investigators ADD COLUMN last_failed_login INTEGER NOT NULL DEFAULT 0;  -- unix seconds

COMMIT;
PRAGMA foreign_keys = ON;
