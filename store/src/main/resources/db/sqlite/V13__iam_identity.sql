-- IAM management: what IBM's IAM Identity API shows of service IDs and API keys beyond migration 11's rows, and
-- IAM Access Groups' groups and members. Keep in step with db/postgres. Runs again unharmed (IF NOT EXISTS), as a
-- test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS iam_service_ids (
  iam_id      TEXT    PRIMARY KEY REFERENCES iam_identities (iam_id),  -- iam-ServiceId-<uuid>; name is there
  description TEXT,
  modified_at INTEGER NOT NULL,                -- epoch ms
  locked      INTEGER NOT NULL,                -- 0 or 1: no change or delete until unlocked
  version     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS iam_api_key_details (
  id          TEXT    PRIMARY KEY REFERENCES iam_api_keys (id),
  description TEXT,
  created_by  TEXT,                            -- IAM ID of who made the key, when known
  modified_at INTEGER NOT NULL                 -- epoch ms
);

CREATE TABLE IF NOT EXISTS iam_access_groups (
  id          TEXT    PRIMARY KEY,             -- AccessGroupId-<uuid>
  name        TEXT    NOT NULL UNIQUE,
  description TEXT,
  account_id  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,                -- epoch ms
  modified_at INTEGER NOT NULL,                -- epoch ms
  version     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS iam_access_group_members (
  group_id   TEXT    NOT NULL REFERENCES iam_access_groups (id),
  iam_id     TEXT    NOT NULL REFERENCES iam_identities (iam_id),
  kind       TEXT    NOT NULL,                 -- user or serviceid, as iam_identities.kind
  created_at INTEGER NOT NULL,                 -- epoch ms
  PRIMARY KEY (group_id, iam_id)
);
CREATE INDEX IF NOT EXISTS iam_access_group_members_iam_id ON iam_access_group_members (iam_id);
