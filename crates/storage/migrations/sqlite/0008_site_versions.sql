-- Site versions (issue 12): every saved change to a site's record adds one, and a save names
-- the version it was made from, so that an edit made from a page opened before someone else's
-- save is refused instead of silently replacing it. Existing sites start at 1.
ALTER TABLE sites ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
