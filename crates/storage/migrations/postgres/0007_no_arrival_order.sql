-- Reporter data keeps no order of arrival (issue 10, docs/threat-model.md): the `arrival`
-- counter goes. PostgreSQL's heap still holds rows roughly in the order they were written
-- until a VACUUM FULL or CLUSTER rewrites the table (docs/operators.md, "Times on disk").
-- Failed sign-ins get the time of the last one, so that failures can be forgotten an hour
-- later (the pause rule, docs/operators.md).
DROP INDEX reports_arrival;
ALTER TABLE reports DROP COLUMN arrival;
ALTER TABLE investigators ADD COLUMN last_failed_login BIGINT NOT NULL DEFAULT 0;  -- unix seconds
