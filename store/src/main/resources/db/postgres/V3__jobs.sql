-- Durable jobs (imports, captures): see JobRunner. Keep in step with db/sqlite.
CREATE TABLE jobs (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               TEXT   NOT NULL UNIQUE,
  kind             TEXT   NOT NULL,
  resource_id      TEXT   NOT NULL,
  state            TEXT   NOT NULL,
  attempts         INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_expires_at BIGINT,
  bytes_done       BIGINT NOT NULL,
  bytes_total      BIGINT NOT NULL,
  error            TEXT,
  payload          TEXT,
  created_at       BIGINT NOT NULL,
  started_at       BIGINT,
  updated_at       BIGINT NOT NULL,
  finished_at      BIGINT,
  version          BIGINT NOT NULL,
  UNIQUE (kind, resource_id)
);
CREATE INDEX jobs_state_seq ON jobs (state, seq);
COMMENT ON COLUMN jobs.seq IS 'queue order';
COMMENT ON COLUMN jobs.id IS 'job id';
COMMENT ON COLUMN jobs.kind IS 'handler kind, e.g. image.import';
COMMENT ON COLUMN jobs.resource_id IS 'the resource the job works on';
COMMENT ON COLUMN jobs.state IS 'queued, running, succeeded, failed, cancelled';
COMMENT ON COLUMN jobs.attempts IS 'claims so far';
COMMENT ON COLUMN jobs.lease_owner IS 'worker holding the job while running';
COMMENT ON COLUMN jobs.lease_expires_at IS 'epoch ms; a running job past it lost its worker';
COMMENT ON COLUMN jobs.bytes_done IS 'progress';
COMMENT ON COLUMN jobs.bytes_total IS 'progress goal';
COMMENT ON COLUMN jobs.error IS 'why it failed or was cancelled';
COMMENT ON COLUMN jobs.payload IS 'handler input';
COMMENT ON COLUMN jobs.created_at IS 'epoch ms';
COMMENT ON COLUMN jobs.started_at IS 'epoch ms of the first claim';
COMMENT ON COLUMN jobs.updated_at IS 'epoch ms of the last change or heartbeat';
COMMENT ON COLUMN jobs.finished_at IS 'epoch ms';
COMMENT ON COLUMN jobs.version IS 'compare-and-set counter';
