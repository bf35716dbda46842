-- The scheduler's indexes hold only images a date can still move, so an image leaves them when it moves and costs
-- nothing there afterwards (was: every image, under a status key rewritten by each transition). The conditions are
-- the ones the due queries write, so the planner can prove the indexes usable; status leads them so that, without
-- statistics, SQLite still prefers them to images_status_seq (equality and range beat equality alone).
DROP INDEX images_status_deprecation_at;
DROP INDEX images_status_obsolescence_at;
CREATE INDEX images_deprecation_due ON images (status, deprecation_at) WHERE status = 'available' AND deprecation_at IS NOT NULL;
CREATE INDEX images_obsolescence_due ON images (status, obsolescence_at)
  WHERE status IN ('available', 'deprecated') AND obsolescence_at IS NOT NULL;
