-- IAM: the account's identities (users and service IDs) and their API keys. A key's secret is not kept: lookup is
-- its first characters (to find the row), secret_hash a slow salted hash of the whole key. Keep in step with
-- db/sqlite. Runs again unharmed (IF NOT EXISTS), as a test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS iam_identities (
  iam_id     TEXT   PRIMARY KEY,
  kind       TEXT   NOT NULL,
  name       TEXT   NOT NULL,
  account_id TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  version    BIGINT NOT NULL
);
COMMENT ON TABLE iam_identities IS 'users and service IDs of the account';
COMMENT ON COLUMN iam_identities.iam_id IS 'IBMid-... for users, iam-ServiceId-... for service IDs';
COMMENT ON COLUMN iam_identities.kind IS 'user or serviceid';
COMMENT ON COLUMN iam_identities.created_at IS 'epoch ms';

CREATE TABLE IF NOT EXISTS iam_api_keys (
  id          TEXT    PRIMARY KEY,
  iam_id      TEXT    NOT NULL REFERENCES iam_identities (iam_id),
  name        TEXT    NOT NULL,
  lookup      TEXT    NOT NULL UNIQUE,
  secret_hash TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  locked      BOOLEAN NOT NULL,
  version     BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS iam_api_keys_iam_id ON iam_api_keys (iam_id);
COMMENT ON TABLE iam_api_keys IS 'API keys; the secret is kept only as a slow salted hash';
COMMENT ON COLUMN iam_api_keys.lookup IS 'the key''s first characters, to find its row';
COMMENT ON COLUMN iam_api_keys.secret_hash IS 'pbkdf2-sha256$<iterations>$<salt>$<hash>, base64';
COMMENT ON COLUMN iam_api_keys.created_at IS 'epoch ms';
