-- Unread per investigator (issue 13, point 5). Before, one counter per report said how many of
-- the reporter's messages no investigator had opened, so the first investigator to open a report
-- cleared it for everyone. Now `reports.from_reporter` counts what the reporter has sent since the
-- report (messages; never reset), and `report_reads` holds, per investigator and report, how
-- many of the reporter's items (the report itself and those messages) they have seen. No day
-- and no time: who opened which report is already in the audit trail; this adds how far.
ALTER TABLE reports ADD COLUMN from_reporter INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET from_reporter = (
    SELECT COUNT(*) FROM messages
    WHERE messages.report_id = reports.id AND messages.author = 'reporter'
);

-- Keyed by investigator first: an inbox reads one investigator's rows.
CREATE TABLE report_reads (
    investigator_id TEXT NOT NULL REFERENCES investigators (id),
    report_id       TEXT NOT NULL REFERENCES reports (id),
    seen            INTEGER NOT NULL,
    PRIMARY KEY (investigator_id, report_id)
) WITHOUT ROWID;

-- What the shared counter knew becomes every investigator's: a report opened before (no longer
-- new) counts as seen up to the messages the counter still held unread.
INSERT INTO report_reads (investigator_id, report_id, seen)
SELECT i.id, r.id, 1 + r.from_reporter - r.unread_from_reporter
FROM investigators i CROSS JOIN reports r
WHERE r.status <> 'new';

ALTER TABLE reports DROP COLUMN unread_from_reporter;
