-- Image lists sorted by name or by creation date (GET /imprint/v1/images?sort=…): the date as a column, so that a
-- page of a sorted list continues from a key in an index. Names sort by their bytes, as SQLite compares text; keep in
-- step with db/postgres, which gives the name column the "C" collation to do the same.
-- SQLite cannot add a column only when it is missing, so this one cannot run twice: the tests that replay migrations
-- drop the column first (MigrationReplay).
ALTER TABLE images ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0; -- epoch ms of the image's creation
UPDATE images SET
  created_at = CAST(ROUND((julianday(json_extract(doc, '$.createdAt')) - 2440587.5) * 86400000) AS INTEGER);
CREATE INDEX images_created_at_seq ON images (created_at, seq);
