-- Jobs fall due at a time (an instance's next power step, a recurring task's next run), and a worker claims only due
-- ones: see JobRunner and docs/jobs.md. Keep in step with db/postgres.
-- run_at: epoch ms on the deployment's clock (a virtual clock moved forward makes work due) when a queued job falls
-- due; on a running job, a wake-up that came during the run (null: none), kept for a recurring task's next run.
ALTER TABLE jobs ADD COLUMN run_at INTEGER;
-- jobs queued before due times existed were due at once
UPDATE jobs SET run_at = created_at WHERE state = 'queued';
CREATE INDEX jobs_state_run_at ON jobs (state, run_at);
