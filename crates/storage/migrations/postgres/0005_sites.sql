-- The site registry (issue 5). (0004 is the cross-referencing migration, on another branch.)
-- A site's record (names, address, coordinates, agency, claims, linked reports, notes) is age
-- ciphertext sealed to the workspace key, like everything investigators write. Only what an
-- admin explicitly published is in clear: the published projection (JSON) and its day.
-- See docs/sites.md and docs/threat-model.md.
CREATE TABLE sites (
    id             TEXT PRIMARY KEY,
    created_day    TEXT NOT NULL,
    updated_day    TEXT NOT NULL,
    sealed         BYTEA NOT NULL,      -- the site (JSON), sealed to the workspace key
    published      TEXT,              -- the published projection (JSON), in clear; NULL = not published
    published_day  TEXT
);
