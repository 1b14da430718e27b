-- The reporting line. Only operational metadata is stored here: ids, statuses, coarse
-- (day) dates, sizes, public keys and wrapped (encrypted) secret keys. Every answer, name,
-- file name and message is an age file in the data directory. See docs/threat-model.md.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE investigators (
    id                TEXT PRIMARY KEY,
    username          TEXT NOT NULL UNIQUE,
    role              TEXT NOT NULL,
    status            TEXT NOT NULL,
    -- Public key report keys are wrapped to.
    recipient         TEXT NOT NULL,
    -- The investigator's age identity, encrypted to the key derived from their password.
    wrapped_identity  BYTEA NOT NULL,
    password_salt     BYTEA NOT NULL,
    -- Public half of the password-derived key: verifies the password.
    password_verifier TEXT NOT NULL,
    kdf_memory_kib    BIGINT NOT NULL,
    kdf_iterations    BIGINT NOT NULL,
    kdf_parallelism   BIGINT NOT NULL,
    created_day       TEXT NOT NULL
);

CREATE TABLE reports (
    id                TEXT PRIMARY KEY,
    -- First six digits of the receipt.
    lookup            BIGINT NOT NULL UNIQUE,
    -- Public key of the per-report key (its secret is key.age, wrapped).
    report_recipient  TEXT NOT NULL,
    -- Public key derived from the receipt's secret digits: verifies a receipt, and
    -- messages for the reporter are encrypted to it.
    mailbox_recipient TEXT NOT NULL,
    receipt_salt      BYTEA NOT NULL,
    kdf_memory_kib    BIGINT NOT NULL,
    kdf_iterations    BIGINT NOT NULL,
    kdf_parallelism   BIGINT NOT NULL,
    status            TEXT NOT NULL,
    received_day      TEXT NOT NULL,
    updated_day       TEXT NOT NULL,
    answers_bytes     BIGINT NOT NULL
);

CREATE INDEX reports_received ON reports (received_day);

CREATE TABLE attachments (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    -- Position among the report's files, from 1.
    seq         BIGINT NOT NULL,
    origin      TEXT NOT NULL,
    added_day   TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL
);

CREATE UNIQUE INDEX attachments_report ON attachments (report_id, seq);

CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    seq         BIGINT NOT NULL,
    author      TEXT NOT NULL,
    sent_day    TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    UNIQUE (report_id, seq)
);
