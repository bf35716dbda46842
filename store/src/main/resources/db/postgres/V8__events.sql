-- The event outbox (Activity Tracker events), written in the transaction of the change each reports, and the delivery
-- cursor of each sink. Append-only: rows are never updated, and deleted only by the retention purge. Keep in step
-- with db/sqlite.
CREATE TABLE events (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           TEXT   NOT NULL CONSTRAINT events_id_key UNIQUE,
  event_time   BIGINT NOT NULL,
  action       TEXT   NOT NULL,
  outcome      TEXT   NOT NULL,
  target_crn   TEXT   NOT NULL,
  initiator_id TEXT   NOT NULL,
  doc          TEXT   NOT NULL
);
CREATE INDEX events_event_time ON events (event_time);
-- the filter columns in sequence order: a filtered list scans this narrow index instead of the documents, and its
-- inserts land at its end (an index per filter would take a random page per event); see db/sqlite
CREATE INDEX events_filters ON events (seq, event_time, action, outcome, target_crn, initiator_id);
COMMENT ON TABLE events IS 'the event outbox: Activity Tracker events, append-only';
COMMENT ON COLUMN events.seq IS 'commit order (writers of events take one lock): delivery cursors and newest-first paging';
COMMENT ON COLUMN events.id IS 'the event''s UUID (time-ordered), the same in every delivery';
COMMENT ON COLUMN events.event_time IS 'epoch ms';
COMMENT ON COLUMN events.action IS 'e.g. is.image.image.deprecate';
COMMENT ON COLUMN events.outcome IS 'success, pending or failure';
COMMENT ON COLUMN events.target_crn IS 'the target''s CRN';
COMMENT ON COLUMN events.initiator_id IS 'anonymous (an API caller until IAM) or system';
COMMENT ON COLUMN events.doc IS 'the ActivityEvent record as JSON, without what the columns hold';

CREATE TABLE event_cursors (
  sink          TEXT   PRIMARY KEY,
  delivered_seq BIGINT NOT NULL
);
COMMENT ON TABLE event_cursors IS 'how far each event sink has been delivered';
COMMENT ON COLUMN event_cursors.sink IS 'a sink''s name (file, log)';
COMMENT ON COLUMN event_cursors.delivered_seq IS 'seq of the last event the sink stored';
