-- Advance warnings already given, so each (image, date, lead time) warns exactly once, across restarts and nodes.
CREATE TABLE lifecycle_warnings (
  image_id TEXT   NOT NULL,
  event    TEXT   NOT NULL,
  due_at   BIGINT NOT NULL,
  lead     TEXT   NOT NULL,
  PRIMARY KEY (image_id, event, due_at, lead)
);
COMMENT ON COLUMN lifecycle_warnings.image_id IS 'the image';
COMMENT ON COLUMN lifecycle_warnings.event IS 'deprecation or obsolescence';
COMMENT ON COLUMN lifecycle_warnings.due_at IS 'epoch ms of the date warned about (a changed date warns again)';
COMMENT ON COLUMN lifecycle_warnings.lead IS 'the lead time, ISO-8601 (P7D)';
