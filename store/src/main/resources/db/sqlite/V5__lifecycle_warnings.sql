-- Advance warnings already given, so each (image, date, lead time) warns exactly once, across restarts and nodes.
CREATE TABLE lifecycle_warnings (
  image_id TEXT    NOT NULL, -- the image
  event    TEXT    NOT NULL, -- deprecation or obsolescence
  due_at   INTEGER NOT NULL, -- epoch ms of the date warned about (a changed date warns again)
  lead     TEXT    NOT NULL, -- the lead time, ISO-8601 (P7D)
  PRIMARY KEY (image_id, event, due_at, lead)
);
