-- Key Protect's root keys on the same server: metadata, versions (material sealed by the master key) and
-- registrations (what each key protects). Keep in step with db/postgres. Runs again unharmed (IF NOT EXISTS), as a
-- test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS kms_keys (
  id              TEXT    PRIMARY KEY,         -- uuid, unique across instances
  instance_id     TEXT    NOT NULL,            -- the Key Protect instance (bluemix-instance header)
  name            TEXT    NOT NULL,
  description     TEXT,
  state           INTEGER NOT NULL,            -- Key Protect's: 1 active, 2 suspended, 5 destroyed
  imported        INTEGER NOT NULL,            -- 0 or 1: material given at creation, not generated
  created_at      INTEGER NOT NULL,            -- epoch ms
  created_by      TEXT,                        -- IAM ID, when known
  updated_at      INTEGER NOT NULL,            -- epoch ms
  last_rotated_at INTEGER,                     -- epoch ms; null until rotated
  deleted_at      INTEGER,                     -- epoch ms; null unless destroyed
  deleted_by      TEXT,
  version         INTEGER NOT NULL             -- compare-and-set counter
);
-- an instance's list, oldest first, without the destroyed
CREATE INDEX IF NOT EXISTS kms_keys_instance ON kms_keys (instance_id, state, created_at, id);

CREATE TABLE IF NOT EXISTS kms_key_versions (
  key_id     TEXT    NOT NULL REFERENCES kms_keys (id),
  number     INTEGER NOT NULL,                 -- 1 at creation, one more per rotation
  id         TEXT    NOT NULL UNIQUE,          -- Key Protect's keyVersion.id, carried in every ciphertext
  created_at INTEGER NOT NULL,                 -- epoch ms
  sealed     BLOB,                             -- the material, wrapped by the master key; null once destroyed
  PRIMARY KEY (key_id, number)
);

CREATE TABLE IF NOT EXISTS kms_registrations (
  key_id       TEXT    NOT NULL REFERENCES kms_keys (id),
  resource_crn TEXT    NOT NULL,               -- the image or volume the key protects
  created_at   INTEGER NOT NULL,               -- epoch ms
  created_by   TEXT,
  PRIMARY KEY (key_id, resource_crn)
);

-- a rotation's job walks the data keys a root key wraps
CREATE INDEX IF NOT EXISTS data_keys_root_key ON data_keys (root_key, id);
