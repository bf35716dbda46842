-- The event outbox (Activity Tracker events), written in the transaction of the change each reports, and the delivery
-- cursor of each sink. Append-only: rows are never updated, and deleted only by the retention purge. Keep in step
-- with db/postgres.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT, -- commit order: delivery cursors and newest-first paging; never reused
  id           TEXT    NOT NULL UNIQUE,           -- the event's UUID, the same in every delivery
  event_time   INTEGER NOT NULL,                  -- epoch ms
  action       TEXT    NOT NULL,                  -- e.g. is.image.image.deprecate
  outcome      TEXT    NOT NULL,                  -- success, pending or failure
  target_crn   TEXT    NOT NULL,                  -- the target's CRN
  initiator_id TEXT    NOT NULL,                  -- anonymous (an API caller until IAM) or system
  doc          TEXT    NOT NULL                   -- the ActivityEvent record as JSON
);
CREATE INDEX events_event_time ON events (event_time);
CREATE INDEX events_target_crn_seq ON events (target_crn, seq);

CREATE TABLE event_cursors (
  sink          TEXT    PRIMARY KEY, -- a sink's name (file, log)
  delivered_seq INTEGER NOT NULL     -- seq of the last event the sink stored
);
