-- Global Tagging's user tags of images, volumes and instances: one row per tag on a resource, the name in lower
-- case (IBM's tags are case-insensitive). A volume's user_tags move here from its document, so that Global Tagging
-- and the volume's own user_tags are one set; the volumes.tags column is no longer read. Keep in step with
-- db/sqlite. Runs again unharmed (IF NOT EXISTS, ON CONFLICT), as a test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS user_tags (
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  name          TEXT NOT NULL,
  PRIMARY KEY (resource_type, resource_id, name)
);
CREATE INDEX IF NOT EXISTS user_tags_name ON user_tags (name, resource_type, resource_id);
COMMENT ON TABLE user_tags IS 'Global Tagging user tags, one row per tag on a resource';
COMMENT ON COLUMN user_tags.resource_type IS 'image, volume or instance (the CRN''s resource type)';
COMMENT ON COLUMN user_tags.name IS 'lower case, 1-128 characters';

INSERT INTO user_tags (resource_type, resource_id, name)
  SELECT 'volume', volumes.id, lower(trim(tag.value))
  FROM volumes, jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(volumes.doc::jsonb -> 'placement' -> 'userTags') = 'array'
      THEN volumes.doc::jsonb -> 'placement' -> 'userTags' ELSE '[]'::jsonb END) AS tag(value)
  WHERE trim(tag.value) <> ''
  ON CONFLICT DO NOTHING;

UPDATE volumes SET doc = (doc::jsonb #- '{placement,userTags}')::text, tags = '|'
  WHERE doc::jsonb -> 'placement' -> 'userTags' IS NOT NULL;
