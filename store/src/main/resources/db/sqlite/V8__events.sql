-- The event outbox (Activity Tracker events), written in the transaction of the change each reports, and the delivery
-- cursor of each sink. Append-only: rows are never updated, and deleted only by the retention purge. Keep in step
-- with db/postgres.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT, -- commit order: delivery cursors and newest-first paging; never reused
  id           TEXT    NOT NULL UNIQUE,           -- the event's UUID (time-ordered), the same in every delivery
  event_time   INTEGER NOT NULL,                  -- epoch ms
  action       TEXT    NOT NULL,                  -- e.g. is.image.image.deprecate
  outcome      TEXT    NOT NULL,                  -- success, pending or failure
  target_crn   TEXT    NOT NULL,                  -- the target's CRN
  initiator_id TEXT    NOT NULL,                  -- anonymous (an API caller until IAM) or system
  doc          TEXT    NOT NULL                   -- the ActivityEvent record as JSON, without what the columns hold
);
CREATE INDEX events_event_time ON events (event_time);
-- The filter columns in sequence order, so a filtered list scans this narrow index newest first instead of the rows
-- with their documents, and inserts land at its end. An index per filter ((target_crn, seq), ...) would answer faster
-- but takes a random page per event per commit: 100,000 scheduled changes wrote 1.1-1.6 GB with one on target_crn,
-- 0.23 GB with this one.
CREATE INDEX events_filters ON events (seq, event_time, action, outcome, target_crn, initiator_id);

CREATE TABLE event_cursors (
  sink          TEXT    PRIMARY KEY, -- a sink's name (file, log)
  delivered_seq INTEGER NOT NULL     -- seq of the last event the sink stored
);
