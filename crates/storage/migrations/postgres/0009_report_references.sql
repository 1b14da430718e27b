-- Short report references (issue 13): `R-7KQ4-92`, drawn at random when a report is stored and
-- unique, so that investigators can name a report without its 32-digit id. Random, so it says
-- nothing about arrival time or order. Reports stored before get theirs when the server next
-- opens the data directory; NULLs do not collide in a unique index.
ALTER TABLE reports ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX reports_reference ON reports (reference);
