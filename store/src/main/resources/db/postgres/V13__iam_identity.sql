-- IAM management: what IBM's IAM Identity API shows of service IDs and API keys beyond migration 11's rows, and
-- IAM Access Groups' groups and members. Keep in step with db/sqlite. Runs again unharmed (IF NOT EXISTS), as a
-- test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS iam_service_ids (
  iam_id      TEXT    PRIMARY KEY REFERENCES iam_identities (iam_id),
  description TEXT,
  modified_at BIGINT  NOT NULL,
  locked      BOOLEAN NOT NULL,
  version     BIGINT  NOT NULL
);
COMMENT ON TABLE iam_service_ids IS 'service IDs: what IAM Identity shows beyond the identity row (which has the name)';
COMMENT ON COLUMN iam_service_ids.iam_id IS 'iam-ServiceId-<uuid>';
COMMENT ON COLUMN iam_service_ids.modified_at IS 'epoch ms';
COMMENT ON COLUMN iam_service_ids.locked IS 'no change or delete until unlocked';

CREATE TABLE IF NOT EXISTS iam_api_key_details (
  id          TEXT   PRIMARY KEY REFERENCES iam_api_keys (id),
  description TEXT,
  created_by  TEXT,
  modified_at BIGINT NOT NULL
);
COMMENT ON TABLE iam_api_key_details IS 'what IAM Identity shows of an API key beyond its row';
COMMENT ON COLUMN iam_api_key_details.created_by IS 'IAM ID of who made the key, when known';
COMMENT ON COLUMN iam_api_key_details.modified_at IS 'epoch ms';

CREATE TABLE IF NOT EXISTS iam_access_groups (
  id          TEXT   PRIMARY KEY,
  name        TEXT   NOT NULL UNIQUE,
  description TEXT,
  account_id  TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  version     BIGINT NOT NULL
);
COMMENT ON TABLE iam_access_groups IS 'IAM access groups';
COMMENT ON COLUMN iam_access_groups.id IS 'AccessGroupId-<uuid>';
COMMENT ON COLUMN iam_access_groups.created_at IS 'epoch ms';
COMMENT ON COLUMN iam_access_groups.modified_at IS 'epoch ms';

CREATE TABLE IF NOT EXISTS iam_access_group_members (
  group_id   TEXT   NOT NULL REFERENCES iam_access_groups (id),
  iam_id     TEXT   NOT NULL REFERENCES iam_identities (iam_id),
  kind       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (group_id, iam_id)
);
CREATE INDEX IF NOT EXISTS iam_access_group_members_iam_id ON iam_access_group_members (iam_id);
COMMENT ON TABLE iam_access_group_members IS 'identities in access groups';
COMMENT ON COLUMN iam_access_group_members.kind IS 'user or serviceid, as iam_identities.kind';
COMMENT ON COLUMN iam_access_group_members.created_at IS 'epoch ms';
