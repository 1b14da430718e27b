-- Cross-referencing in the workbench (issue 4). As before: only ids and order in clear.
-- Which people, organisations and places a report names, and which reports investigators
-- judged to be about the same one, is investigation data: sealed to the workspace key.
-- See docs/threat-model.md and docs/xref.md ("In the workbench").

-- The report's people, organisations and place as cross-referencing records
-- ({format, records: [{id, kind, names, phones, ...}]}), sealed to the workspace key at arrival.
ALTER TABLE reports ADD COLUMN xref_sealed BYTEA;

-- Investigators' decisions on links between two records (confirmed or rejected, by whom,
-- which day): each row is one decision, sealed to the workspace key; the latest decision on a
-- pair wins. The pair is inside the ciphertext, never in clear.
CREATE TABLE link_decisions (
    id      TEXT PRIMARY KEY,        -- random
    seq     BIGINT NOT NULL UNIQUE, -- 1, 2, 3...: order, not time
    sealed  BYTEA NOT NULL
);
