-- Sealed audit details (issue 13, search): what an audit entry must not hold in clear but an
-- auditor may need, such as the text of a search and which reports it showed, sealed (age) to
-- the organisation's recovery key. The entry in audit_log carries the SHA-256 of the
-- ciphertext (its primary key here), so the hash chain vouches for it; nothing else links the
-- two, and in clear there is only the size.
CREATE TABLE audit_sealed (
    fingerprint TEXT PRIMARY KEY,
    sealed      BLOB NOT NULL
);
