-- Disks: chunk maps over sealed, reference-counted blobs (see DiskService). Keep in step with db/sqlite.

CREATE TABLE data_keys (
  id         TEXT   PRIMARY KEY,
  root_key   TEXT   NOT NULL,
  wrapped    BYTEA  NOT NULL,
  created_at BIGINT NOT NULL
);
COMMENT ON COLUMN data_keys.id IS 'data key id';
COMMENT ON COLUMN data_keys.root_key IS 'the root key that wrapped it (master = the service''s own key)';
COMMENT ON COLUMN data_keys.wrapped IS 'the data key, wrapped; the plaintext key is never stored';
COMMENT ON COLUMN data_keys.created_at IS 'epoch milliseconds';

CREATE TABLE disks (
  id             TEXT   PRIMARY KEY,
  capacity_bytes BIGINT NOT NULL,
  data_key_id    TEXT   NOT NULL REFERENCES data_keys (id),
  created_at     BIGINT NOT NULL
);
COMMENT ON COLUMN disks.id IS 'id of the volume or image the disk belongs to';
COMMENT ON COLUMN disks.capacity_bytes IS 'address space; unmapped chunks read as zeros';
COMMENT ON COLUMN disks.data_key_id IS 'key that seals the disk''s new blobs';
COMMENT ON COLUMN disks.created_at IS 'epoch milliseconds';

CREATE TABLE blobs (
  id          TEXT   PRIMARY KEY,
  data_key_id TEXT   NOT NULL REFERENCES data_keys (id),
  state       TEXT   NOT NULL CHECK (state IN ('pending', 'live')),
  refs        BIGINT NOT NULL,
  reserved_at BIGINT NOT NULL
);
CREATE INDEX blobs_state_refs ON blobs (state, refs);
COMMENT ON COLUMN blobs.id IS 'blob id, also the AES-GCM associated data';
COMMENT ON COLUMN blobs.data_key_id IS 'key that sealed it';
COMMENT ON COLUMN blobs.state IS 'pending: reserved, bytes maybe not yet written; live: mapped at least once';
COMMENT ON COLUMN blobs.refs IS 'chunk entries that point at it; 0 and live = reclaimable';
COMMENT ON COLUMN blobs.reserved_at IS 'epoch milliseconds of the reservation';

CREATE TABLE disk_chunks (
  disk_id     TEXT    NOT NULL REFERENCES disks (id),
  chunk_index BIGINT  NOT NULL,
  blob_id     TEXT    NOT NULL REFERENCES blobs (id),
  sha256      TEXT    NOT NULL,
  length      INTEGER NOT NULL,
  PRIMARY KEY (disk_id, chunk_index)
);
CREATE INDEX disk_chunks_blob_id ON disk_chunks (blob_id);
COMMENT ON COLUMN disk_chunks.disk_id IS 'the disk';
COMMENT ON COLUMN disk_chunks.chunk_index IS 'chunk number (offset / 4 MiB)';
COMMENT ON COLUMN disk_chunks.blob_id IS 'the sealed content';
COMMENT ON COLUMN disk_chunks.sha256 IS 'SHA-256 of the chunk''s plaintext, hex';
COMMENT ON COLUMN disk_chunks.length IS 'plaintext length (the chunk size but for a disk''s last chunk)';

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
COMMENT ON COLUMN settings.name IS 'setting name, e.g. master_key_check';
COMMENT ON COLUMN settings.value IS 'its value';
