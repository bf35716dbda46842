-- Durable jobs (imports, captures): see JobRunner. Keep in step with db/postgres.
CREATE TABLE jobs (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order
  id               TEXT    NOT NULL UNIQUE,           -- job id
  kind             TEXT    NOT NULL,                  -- handler kind, e.g. image.import
  resource_id      TEXT    NOT NULL,                  -- the resource the job works on
  state            TEXT    NOT NULL,                  -- queued, running, succeeded, failed, cancelled
  attempts         INTEGER NOT NULL,                  -- claims so far
  lease_owner      TEXT,                              -- worker holding the job while running
  lease_expires_at INTEGER,                           -- epoch ms; a running job past it lost its worker
  bytes_done       INTEGER NOT NULL,                  -- progress
  bytes_total      INTEGER NOT NULL,                  -- progress goal
  error            TEXT,                              -- why it failed or was cancelled
  payload          TEXT,                              -- handler input
  created_at       INTEGER NOT NULL,                  -- epoch ms
  started_at       INTEGER,                           -- epoch ms of the first claim
  updated_at       INTEGER NOT NULL,                  -- epoch ms of the last change or heartbeat
  finished_at      INTEGER,                           -- epoch ms
  version          INTEGER NOT NULL,                  -- compare-and-set counter
  UNIQUE (kind, resource_id)
);
CREATE INDEX jobs_state_seq ON jobs (state, seq);
