-- The investigator workbench. As in 0001: only operational metadata in clear; everything
-- investigators write, and every summary of a report, is age ciphertext (sealed to the
-- workspace key) or an age file. See docs/threat-model.md.

-- Second factor and sign-in state.
ALTER TABLE investigators ADD COLUMN totp_sealed BYTEA;                        -- TOTP secret, sealed to the password-derived key; NULL until enrolled
ALTER TABLE investigators ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;  -- last accepted time step: each code works once
ALTER TABLE investigators ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE investigators ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;     -- unix seconds
ALTER TABLE investigators ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;   -- raised on password change: every session ends
ALTER TABLE investigators ADD COLUMN workspace_key BYTEA;                       -- the workspace key, wrapped to this investigator; NULL = access pending

CREATE TABLE recovery_codes (
    investigator_id TEXT NOT NULL REFERENCES investigators (id),
    code_hash       TEXT NOT NULL,   -- HMAC under the pepper
    used            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (investigator_id, code_hash)
);

-- The workspace key: one age key pair; investigators' data is sealed to its public half.
CREATE TABLE workspace (
    id             BIGINT PRIMARY KEY CHECK (id = 1),
    recipient      TEXT NOT NULL,
    recovery_wrap  BYTEA NOT NULL      -- the secret, wrapped to the recovery recipient
);

-- Reports: order of arrival, workbench state.
ALTER TABLE reports ADD COLUMN arrival BIGINT NOT NULL DEFAULT 0;              -- 1, 2, 3...: order, not time
ALTER TABLE reports ADD COLUMN summary_sealed BYTEA;                            -- {subject, incidents, language, ...} sealed to the workspace key
ALTER TABLE reports ADD COLUMN tags_sealed BYTEA;                               -- tags, sealed to the workspace key
ALTER TABLE reports ADD COLUMN assignee TEXT REFERENCES investigators (id);
ALTER TABLE reports ADD COLUMN unread_from_reporter BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_arrival ON reports (arrival);

-- Whose keys a report key is wrapped to (public keys): for re-wrapping and access checks.
CREATE TABLE report_access (
    report_id TEXT NOT NULL REFERENCES reports (id),
    recipient TEXT NOT NULL,
    PRIMARY KEY (report_id, recipient)
);

-- Internal notes: the text is notes/<id>.age in the report's folder, sealed to the workspace key.
CREATE TABLE notes (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    seq         BIGINT NOT NULL,
    author      TEXT NOT NULL REFERENCES investigators (id),
    written_day TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    UNIQUE (report_id, seq)
);
