-- Global Tagging's user tags of images, volumes and instances: one row per tag on a resource, the name in lower
-- case (IBM's tags are case-insensitive). A volume's user_tags move here from its document, so that Global Tagging
-- and the volume's own user_tags are one set; the volumes.tags column is no longer read. Keep in step with
-- db/postgres. Runs again unharmed (IF NOT EXISTS, OR IGNORE), as a test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS user_tags (
  resource_type TEXT NOT NULL,                 -- image, volume or instance (the CRN's resource type)
  resource_id   TEXT NOT NULL,
  name          TEXT NOT NULL,                 -- lower case, 1-128 characters
  PRIMARY KEY (resource_type, resource_id, name)
);
-- the tag filters (?tag=) and the account's tag list go by name
CREATE INDEX IF NOT EXISTS user_tags_name ON user_tags (name, resource_type, resource_id);

INSERT OR IGNORE INTO user_tags (resource_type, resource_id, name)
  SELECT 'volume', volumes.id, lower(trim(tag.value))
  FROM volumes, json_each(volumes.doc, '$.placement.userTags') AS tag
  WHERE tag.type = 'text' AND trim(tag.value) <> '';

UPDATE volumes SET doc = json_remove(doc, '$.placement.userTags'), tags = '|'
  WHERE json_type(doc, '$.placement.userTags') IS NOT NULL;
