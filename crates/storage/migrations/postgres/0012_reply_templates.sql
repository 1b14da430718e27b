-- Reply templates (issue 13): wording investigators insert into a message to a reporter, in the
-- reporter's language, edited by admins. An organisation's wording can reveal its methods, so
-- a template (its title, language and text) is age ciphertext sealed to the workspace key, like
-- notes; in clear there are only a random id and days. (In SQLite the table is WITHOUT ROWID,
-- keyed by that id; PostgreSQL's heap is as docs/threat-model.md says.)
-- Until an admin first changes a template, the workbench offers the defaults shipped in code;
-- that first change stores them here (docs/investigators.md).
CREATE TABLE reply_templates (
    id           TEXT PRIMARY KEY,
    created_day  TEXT NOT NULL,
    updated_day  TEXT NOT NULL,
    sealed       BYTEA NOT NULL      -- {title, language, body} (JSON), sealed to the workspace key
);
