-- Cases (issue 14): investigators group reports, cross-reference entities and sites into a case
-- with a title, status, lead, description and notes. All of that, and which reports, entities
-- and sites the case holds, is age ciphertext sealed to the workspace key with a proof of
-- origin, like reply templates: which reports belong together is investigation data, never in
-- clear (docs/evidence.md). In clear: a random id, days, a version for edits made from a
-- version (one writer wins, the other is shown the saved case), and whether the case is under
-- legal hold, which the daily purge must read without any key. WITHOUT ROWID, keyed by the
-- id, so that SQLite stores the rows in the order of their ids, not of their writing.
CREATE TABLE cases (
    id           TEXT PRIMARY KEY,
    created_day  TEXT NOT NULL,
    updated_day  TEXT NOT NULL,
    version      INTEGER NOT NULL,
    legal_hold   INTEGER NOT NULL DEFAULT 0,
    sealed       BLOB NOT NULL        -- the case (JSON), sealed to the workspace key
) WITHOUT ROWID;

-- Whether a report is in at least one case under legal hold: kept in clear on the report, set
-- and cleared by the service whenever a held case changes, so that the purge (which runs with
-- no key) never destroys such a report, and without saying which case holds it.
ALTER TABLE reports ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
