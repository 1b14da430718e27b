-- Retention (issue 14): each report is kept until a retention day, then purged by
-- crypto-shredding. The default day is computed from the report's last activity
-- (`updated_day`) and the operator's `retention_months`, so nothing is stored for it; an
-- investigator's postponement is stored here, as a day only (the reason is sealed to the
-- recovery key in the audit trail's sealed details, never in this table).
ALTER TABLE reports ADD COLUMN retain_until TEXT;

-- What is left of a purged report: its random id, its short reference (so that a case, a note
-- or an audit entry that names it can say it was purged), the day of the purge, and the purge's
-- state: `shredding` while its objects are being destroyed (the report's rows are already
-- gone), `purged` once done. No content, no arrival day, no key, nothing a reporter wrote.
CREATE TABLE report_tombstones (
    report_id   TEXT PRIMARY KEY,
    reference   TEXT,
    purged_day  TEXT NOT NULL,
    state       TEXT NOT NULL
);
