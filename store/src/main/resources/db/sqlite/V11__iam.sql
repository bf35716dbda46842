-- IAM: the account's identities (users and service IDs) and their API keys. A key's secret is not kept: lookup is
-- its first characters (to find the row), secret_hash a slow salted hash of the whole key. Keep in step with
-- db/postgres. Runs again unharmed (IF NOT EXISTS), as a test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS iam_identities (
  iam_id     TEXT    PRIMARY KEY,              -- IBMid-... for users, iam-ServiceId-... for service IDs
  kind       TEXT    NOT NULL,                 -- user or serviceid
  name       TEXT    NOT NULL,
  account_id TEXT    NOT NULL,
  created_at INTEGER NOT NULL,                 -- epoch ms
  version    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS iam_api_keys (
  id          TEXT    PRIMARY KEY,             -- ApiKey-<uuid>
  iam_id      TEXT    NOT NULL REFERENCES iam_identities (iam_id),
  name        TEXT    NOT NULL,
  lookup      TEXT    NOT NULL UNIQUE,         -- the key's first characters
  secret_hash TEXT    NOT NULL,                -- pbkdf2-sha256$<iterations>$<salt>$<hash>, base64
  created_at  INTEGER NOT NULL,                -- epoch ms
  locked      INTEGER NOT NULL,                -- 0 or 1
  version     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS iam_api_keys_iam_id ON iam_api_keys (iam_id);
