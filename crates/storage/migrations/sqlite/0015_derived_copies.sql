-- Derived copies (issue 14): a translation, a transcript, a redacted version made elsewhere, or
-- a working copy without metadata, each linked to the original file it derives from (which
-- never changes). In clear: a random id, the report, the original attachment, the kind's code,
-- which investigator added it and the day. Sealed to the report key (like a file's name and
-- type): the reason given, the copy's file name, content type, size, SHA-256, and for a copy
-- without metadata what was removed. The copy itself is `reports/<id>/derived/<id>.age`.
-- WITHOUT ROWID, keyed by the random id, so that rows are not stored in the order they came.
CREATE TABLE derived_copies (
    id              TEXT PRIMARY KEY,
    report_id       TEXT NOT NULL REFERENCES reports (id),
    original_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    investigator_id TEXT NOT NULL,
    added_day       TEXT NOT NULL,
    sealed          BLOB NOT NULL      -- reason, name, type, size, SHA-256, removed (JSON), sealed to the report key
) WITHOUT ROWID;

CREATE INDEX derived_copies_by_report ON derived_copies (report_id);
