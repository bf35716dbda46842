-- IAM access policies: a subject (an identity's iam_id or an access group) holds roles on a scope (service,
-- resource group, resource type, one resource; none of them is the whole account). Roles are their names,
-- comma-separated. Keep in step with db/sqlite. Runs again unharmed (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS iam_policies (
  id                TEXT    PRIMARY KEY,
  subject_iam_id    TEXT,
  subject_group_id  TEXT,
  roles             TEXT    NOT NULL,
  service_name      TEXT,
  resource_group_id TEXT,
  resource_type     TEXT,
  resource          TEXT,
  description       TEXT,
  created_at        BIGINT  NOT NULL,
  created_by        TEXT    NOT NULL,
  version           BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS iam_policies_subject_iam_id ON iam_policies (subject_iam_id);
CREATE INDEX IF NOT EXISTS iam_policies_subject_group_id ON iam_policies (subject_group_id);
