-- Disks: chunk maps over sealed, reference-counted blobs (see DiskService). Keep in step with db/postgres.

CREATE TABLE data_keys (
  id         TEXT    PRIMARY KEY,  -- data key id
  root_key   TEXT    NOT NULL,     -- the root key that wrapped it ('master' = the service's own key)
  wrapped    BLOB    NOT NULL,     -- the data key, wrapped; the plaintext key is never stored
  created_at INTEGER NOT NULL      -- epoch milliseconds
);

CREATE TABLE disks (
  id             TEXT    PRIMARY KEY,                       -- id of the volume or image the disk belongs to
  capacity_bytes INTEGER NOT NULL,                          -- address space; unmapped chunks read as zeros
  data_key_id    TEXT    NOT NULL REFERENCES data_keys (id), -- key that seals the disk's new blobs
  created_at     INTEGER NOT NULL                           -- epoch milliseconds
);

CREATE TABLE blobs (
  id          TEXT    PRIMARY KEY,                       -- blob id, also the AES-GCM associated data
  data_key_id TEXT    NOT NULL REFERENCES data_keys (id), -- key that sealed it
  state       TEXT    NOT NULL CHECK (state IN ('pending', 'live')), -- pending: reserved, bytes maybe not yet written
  refs        INTEGER NOT NULL,                          -- chunk entries that point at it; 0 and live = reclaimable
  reserved_at INTEGER NOT NULL                           -- epoch milliseconds of the reservation
);
CREATE INDEX blobs_state_refs ON blobs (state, refs);

CREATE TABLE disk_chunks (
  disk_id     TEXT    NOT NULL REFERENCES disks (id), -- the disk
  chunk_index INTEGER NOT NULL,                       -- chunk number (offset / 4 MiB)
  blob_id     TEXT    NOT NULL REFERENCES blobs (id), -- the sealed content
  sha256      TEXT    NOT NULL,                       -- SHA-256 of the chunk's plaintext, hex
  length      INTEGER NOT NULL,                       -- plaintext length (the chunk size but for a disk's last chunk)
  PRIMARY KEY (disk_id, chunk_index)
);
CREATE INDEX disk_chunks_blob_id ON disk_chunks (blob_id);

CREATE TABLE settings (
  name  TEXT PRIMARY KEY, -- setting name, e.g. master_key_check
  value TEXT NOT NULL     -- its value
);
