-- Lifecycle dates as columns, so the scheduler finds what falls due without reading every document.
ALTER TABLE images ADD COLUMN deprecation_at INTEGER;  -- epoch ms of the scheduled (or past) deprecation; null when unset
ALTER TABLE images ADD COLUMN obsolescence_at INTEGER; -- epoch ms of the scheduled (or past) obsolescence; null when unset
UPDATE images SET
  deprecation_at = CAST(ROUND((julianday(json_extract(doc, '$.deprecationAt')) - 2440587.5) * 86400000) AS INTEGER),
  obsolescence_at = CAST(ROUND((julianday(json_extract(doc, '$.obsolescenceAt')) - 2440587.5) * 86400000) AS INTEGER);
CREATE INDEX images_status_deprecation_at ON images (status, deprecation_at);
CREATE INDEX images_status_obsolescence_at ON images (status, obsolescence_at);
