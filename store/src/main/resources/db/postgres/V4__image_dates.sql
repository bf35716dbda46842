-- Lifecycle dates as columns, so the scheduler finds what falls due without reading every document.
ALTER TABLE images ADD COLUMN deprecation_at BIGINT;
ALTER TABLE images ADD COLUMN obsolescence_at BIGINT;
UPDATE images SET
  deprecation_at = (EXTRACT(EPOCH FROM (doc::jsonb ->> 'deprecationAt')::timestamptz) * 1000)::bigint,
  obsolescence_at = (EXTRACT(EPOCH FROM (doc::jsonb ->> 'obsolescenceAt')::timestamptz) * 1000)::bigint;
CREATE INDEX images_status_deprecation_at ON images (status, deprecation_at);
CREATE INDEX images_status_obsolescence_at ON images (status, obsolescence_at);
COMMENT ON COLUMN images.deprecation_at IS 'epoch ms of the scheduled (or past) deprecation; null when unset';
COMMENT ON COLUMN images.obsolescence_at IS 'epoch ms of the scheduled (or past) obsolescence; null when unset';
