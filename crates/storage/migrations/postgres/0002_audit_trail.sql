-- The audit trail (docs/audit.md): an append-only, hash-chained log of security-relevant
-- events, and the signed heads that pin it. Entries hold ids, codes and counts only:
-- never report content, never anything that identifies a reporter.

CREATE TABLE audit_log (
    -- Position in the log, from 1, without gaps.
    seq         BIGINT PRIMARY KEY,
    -- UTC RFC 3339, to the second.
    at          TEXT NOT NULL,
    -- investigator:<id>, cli or system.
    actor       TEXT NOT NULL,
    -- A stable code (report_opened, login, ...).
    action      TEXT NOT NULL,
    -- A report or investigator id, or empty.
    subject     TEXT NOT NULL,
    -- A JSON object of facts (codes, counts), exactly as hashed.
    detail      TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    -- Hash of the previous entry (64 zeros for the first), and of this one.
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE TABLE audit_heads (
    -- The entry whose hash is signed.
    seq         BIGINT PRIMARY KEY,
    hash        TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    -- Ed25519, hex.
    signature   TEXT NOT NULL,
    public_key  TEXT NOT NULL
);
