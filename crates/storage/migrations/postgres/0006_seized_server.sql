-- Holding against a seized or tampered server (issue 11). Tags made with keys that are not
-- in the database: a row changed by someone who can write only the database is refused.
-- Existing rows get their tags when this migration first runs (docs/threat-model.md, "What a
-- database-level intruder can and cannot do"). See docs/audit.md for the audit MACs.

-- Tag of (id, recipient, status) under the key derived from the pepper.
ALTER TABLE investigators ADD COLUMN recipient_mac TEXT;
-- After a password change, until every report key is re-wrapped to the new key pair: the
-- previous identity, wrapped to the new one.
ALTER TABLE investigators ADD COLUMN previous_identity_wrap BYTEA;
-- Tag of the workspace's public key.
ALTER TABLE workspace ADD COLUMN recipient_mac TEXT;
-- While the workspace key is being replaced: the previous key, wrapped to the new one.
ALTER TABLE workspace ADD COLUMN previous_key_wrap BYTEA;
-- Tag of (id, report recipient, mailbox recipient).
ALTER TABLE reports ADD COLUMN recipients_mac TEXT;
-- Proof of origin: a MAC under the key the report key and the mailbox key share.
ALTER TABLE messages ADD COLUMN origin_mac TEXT;
-- MAC of the entry's hash under the audit key: entries only the instance could write.
ALTER TABLE audit_log ADD COLUMN mac TEXT;
