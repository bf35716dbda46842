-- Key Protect's root keys on the same server: metadata, versions (material sealed by the master key) and
-- registrations (what each key protects). Keep in step with db/sqlite. Runs again unharmed (IF NOT EXISTS), as a
-- test of migration 10 replays the later ones.
CREATE TABLE IF NOT EXISTS kms_keys (
  id              TEXT    PRIMARY KEY,
  instance_id     TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  description     TEXT,
  state           INTEGER NOT NULL,
  imported        BOOLEAN NOT NULL,
  created_at      BIGINT  NOT NULL,
  created_by      TEXT,
  updated_at      BIGINT  NOT NULL,
  last_rotated_at BIGINT,
  deleted_at      BIGINT,
  deleted_by      TEXT,
  version         BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS kms_keys_instance ON kms_keys (instance_id, state, created_at, id);
COMMENT ON TABLE kms_keys IS 'Key Protect root keys: metadata only, never material';
COMMENT ON COLUMN kms_keys.id IS 'uuid, unique across instances';
COMMENT ON COLUMN kms_keys.instance_id IS 'the Key Protect instance (bluemix-instance header)';
COMMENT ON COLUMN kms_keys.state IS 'Key Protect''s: 1 active, 2 suspended, 5 destroyed';
COMMENT ON COLUMN kms_keys.imported IS 'material given at creation, not generated';
COMMENT ON COLUMN kms_keys.created_at IS 'epoch ms';
COMMENT ON COLUMN kms_keys.created_by IS 'IAM ID, when known';
COMMENT ON COLUMN kms_keys.last_rotated_at IS 'epoch ms; null until rotated';
COMMENT ON COLUMN kms_keys.deleted_at IS 'epoch ms; null unless destroyed';
COMMENT ON COLUMN kms_keys.version IS 'compare-and-set counter';

CREATE TABLE IF NOT EXISTS kms_key_versions (
  key_id     TEXT   NOT NULL REFERENCES kms_keys (id),
  number     INTEGER NOT NULL,
  id         TEXT   NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  sealed     BYTEA,
  PRIMARY KEY (key_id, number)
);
COMMENT ON TABLE kms_key_versions IS 'root key versions; a rotation adds one';
COMMENT ON COLUMN kms_key_versions.number IS '1 at creation, one more per rotation';
COMMENT ON COLUMN kms_key_versions.id IS 'Key Protect''s keyVersion.id, carried in every ciphertext';
COMMENT ON COLUMN kms_key_versions.sealed IS 'the material, wrapped by the master key; null once destroyed';

CREATE TABLE IF NOT EXISTS kms_registrations (
  key_id       TEXT   NOT NULL REFERENCES kms_keys (id),
  resource_crn TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  created_by   TEXT,
  PRIMARY KEY (key_id, resource_crn)
);
COMMENT ON TABLE kms_registrations IS 'which resource each root key protects';
COMMENT ON COLUMN kms_registrations.resource_crn IS 'the image or volume the key protects';

CREATE INDEX IF NOT EXISTS data_keys_root_key ON data_keys (root_key, id);
