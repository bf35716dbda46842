-- Image lists sorted by name or by creation date (GET /imprint/v1/images?sort=…): the date as a column, so that a
-- page of a sorted list continues from a key in an index. Names sort by their bytes as on SQLite: the "C" collation,
-- whatever the database's own (en_US, for one, ignores hyphens at first, so a-b and ab would sort apart from SQLite).
-- The indexes are db/sqlite's, which says why each is there. Keep in step with it. Runs again unharmed.
ALTER TABLE images ADD COLUMN IF NOT EXISTS created_at BIGINT NOT NULL DEFAULT 0;
UPDATE images SET created_at = (EXTRACT(EPOCH FROM (doc::jsonb ->> 'createdAt')::timestamptz) * 1000)::bigint;
ALTER TABLE images ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE images ALTER COLUMN name TYPE TEXT COLLATE "C";
CREATE INDEX IF NOT EXISTS images_created_at_seq ON images (created_at, seq);
CREATE INDEX IF NOT EXISTS images_visibility_created_at ON images (visibility, created_at, seq, name);
CREATE INDEX IF NOT EXISTS images_visibility_name ON images (visibility, name, seq);
COMMENT ON COLUMN images.created_at IS 'epoch ms of the image''s creation';
