package io.imprint.store.jdbc;

import static io.imprint.core.domain.job.JobLifecycle.next;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobLifecycle.Event;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.port.JobRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job queue on plain columns. Claiming selects the due queued jobs and takes one with a
 * compare-and-set on its version, so on PostgreSQL two workers racing for one job see exactly one
 * winner (the loser tries the next). Each state change writes a row of {@link
 * io.imprint.core.domain.job.JobLifecycle}: the new state is the table's, and the update only
 * applies while the row is still in the state the table starts from.
 */
final class JdbcJobRepository implements JobRepository {
  private static final String COLUMNS =
      "id, kind, resource_id, state, attempts, lease_owner, lease_expires_at, bytes_done, bytes_total, error, payload,"
          + " created_at, run_at, started_at, updated_at, finished_at, version";

  private final Sql sql;

  JdbcJobRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public boolean insert(Job job) {
    // DO NOTHING rather than look first: two nodes adding the same job must not fail one of them
    return sql.update(
            "INSERT INTO jobs ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            Collections.unmodifiableList(
                new ArrayList<Object>(
                    Arrays.asList(
                        job.id(),
                        job.kind(),
                        job.resourceId(),
                        job.state().wire(),
                        job.lease().attempts(),
                        job.lease().owner(),
                        millis(job.lease().expiresAt()),
                        job.progress().bytesDone(),
                        job.progress().bytesTotal(),
                        job.error(),
                        job.payload(),
                        millis(job.times().createdAt()),
                        millis(job.times().runAt()),
                        millis(job.times().startedAt()),
                        millis(job.times().updatedAt()),
                        millis(job.times().finishedAt()),
                        job.version()))))
        == 1;
  }

  @Override
  public Optional<Job> get(String id) {
    return sql
        .query("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", List.of(id), JdbcJobRepository::map)
        .stream()
        .findFirst();
  }

  @Override
  public Optional<Job> findByResource(String kind, String resourceId) {
    return sql
        .query(
            "SELECT " + COLUMNS + " FROM jobs WHERE kind = ? AND resource_id = ?",
            List.of(kind, resourceId),
            JdbcJobRepository::map)
        .stream()
        .findFirst();
  }

  @Override
  public Optional<Job> claim(List<String> kinds, Claim claim) {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    var params = new ArrayList<Object>();
    params.add(JobState.QUEUED.wire());
    params.add(claim.dueBy().toEpochMilli());
    params.addAll(kinds);
    var candidates =
        sql.query(
            "SELECT "
                + COLUMNS
                + " FROM jobs WHERE state = ? AND run_at <= ? AND kind IN ("
                + placeholders(kinds.size())
                + ") ORDER BY run_at, seq LIMIT 5"
                + sql.dialect().skipLocked(),
            params,
            JdbcJobRepository::map);
    for (var job : candidates) {
      long now = claim.now().toEpochMilli();
      int rows =
          sql.update(
              "UPDATE jobs SET state = ?, attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, run_at = NULL,"
                  + " started_at = COALESCE(started_at, ?), updated_at = ?, version = version + 1"
                  + " WHERE id = ? AND version = ? AND state = ?",
              List.of(
                  next(JobState.QUEUED, Event.CLAIMED).wire(),
                  claim.owner(),
                  claim.leaseUntil().toEpochMilli(),
                  now, // started_at, unless an earlier attempt started it
                  now, // updated_at
                  job.id(),
                  job.version(),
                  JobState.QUEUED.wire()));
      if (rows == 1) {
        return get(job.id());
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Instant> nextDue(List<String> kinds) {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    var params = new ArrayList<Object>();
    params.add(JobState.QUEUED.wire());
    params.addAll(kinds);
    return sql
        .query(
            "SELECT MIN(run_at) FROM jobs WHERE state = ? AND kind IN ("
                + placeholders(kinds.size())
                + ")",
            params,
            r -> instant(r, 1))
        .stream()
        .filter(Objects::nonNull)
        .findFirst();
  }

  @Override
  public boolean heartbeat(
      String id, String owner, Instant now, Instant leaseUntil, Job.Progress progress) {
    return sql.update(
            "UPDATE jobs SET lease_expires_at = ?, bytes_done = ?, bytes_total = ?, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND lease_owner = ? AND state = ?",
            List.of(
                leaseUntil.toEpochMilli(),
                progress.bytesDone(),
                progress.bytesTotal(),
                now.toEpochMilli(),
                id,
                owner,
                JobState.RUNNING.wire()))
        == 1;
  }

  @Override
  public boolean finish(String id, String owner, Event event, String error, Instant now) {
    var to = next(JobState.RUNNING, event);
    if (!to.isFinal()) {
      throw new IllegalArgumentException("finishing a job with " + event + " does not end it");
    }
    return sql.update(
            "UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, lease_expires_at = NULL,"
                + " run_at = NULL, version = version + 1 WHERE id = ? AND lease_owner = ? AND state = ?",
            Arrays.asList(
                to.wire(),
                error,
                now.toEpochMilli(),
                now.toEpochMilli(),
                id,
                owner,
                JobState.RUNNING.wire()))
        == 1;
  }

  @Override
  public boolean forget(String id, String owner) {
    // a forgotten job succeeded: the table must allow that, though no row is left to show it
    next(JobState.RUNNING, Event.SUCCEEDED);
    return sql.update(
            "DELETE FROM jobs WHERE id = ? AND lease_owner = ? AND state = ?",
            List.of(id, owner, JobState.RUNNING.wire()))
        == 1;
  }

  @Override
  public boolean transition(String id, JobState from, Event event, String error, Instant now) {
    var to = next(from, event);
    return sql.update(
            "UPDATE jobs SET state = ?, error = ?, updated_at = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,"
                // a job that is over is due no more
                + (to.isFinal() ? " run_at = NULL," : "")
                + " version = version + 1 WHERE id = ? AND state = ?",
            Arrays.asList(
                to.wire(),
                error,
                now.toEpochMilli(),
                to.isFinal() ? now.toEpochMilli() : null,
                id,
                from.wire()))
        == 1;
  }

  @Override
  public List<Job> expired(Instant now, int limit) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM jobs WHERE state = ? AND lease_expires_at < ? ORDER BY seq LIMIT ?",
        List.of(JobState.RUNNING.wire(), now.toEpochMilli(), limit),
        JdbcJobRepository::map);
  }

  @Override
  public boolean requeue(Job job, Instant dueBy, Instant now) {
    return sql.update(
            "UPDATE jobs SET state = ?, run_at = COALESCE(run_at, ?), lease_owner = NULL, lease_expires_at = NULL,"
                + " updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND state = ?",
            List.of(
                next(JobState.RUNNING, Event.LEASE_EXPIRED).wire(),
                dueBy.toEpochMilli(),
                now.toEpochMilli(),
                job.id(),
                job.version(),
                JobState.RUNNING.wire()))
        == 1;
  }

  @Override
  public boolean reschedule(String id, String owner, Instant runAt, Instant now) {
    long at = runAt.toEpochMilli();
    return sql.update(
            "UPDATE jobs SET state = ?, run_at = CASE WHEN run_at IS NOT NULL AND run_at < ? THEN run_at ELSE ? END,"
                + " attempts = 0, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND lease_owner = ? AND state = ?",
            List.of(
                next(JobState.RUNNING, Event.RESCHEDULED).wire(),
                at, // a wake-up during the run that came before the next run
                at,
                now.toEpochMilli(),
                id,
                owner,
                JobState.RUNNING.wire()))
        == 1;
  }

  @Override
  public boolean wake(String kind, String resourceId, Instant runAt) {
    long at = runAt.toEpochMilli();
    return sql.update(
            "UPDATE jobs SET run_at = ?, version = version + 1 WHERE kind = ? AND resource_id = ?"
                + " AND state IN (?, ?) AND (run_at IS NULL OR run_at > ?)",
            List.of(at, kind, resourceId, JobState.QUEUED.wire(), JobState.RUNNING.wire(), at))
        == 1;
  }

  private static Job map(ResultSet r) throws SQLException {
    return new Job(
        r.getString(1),
        new Job.Work(r.getString(2), r.getString(3), r.getString(11)),
        JobState.ofWire(r.getString(4)),
        r.getString(10),
        new Job.Lease(r.getString(6), instant(r, 7), r.getInt(5)),
        new Job.Progress(r.getLong(8), r.getLong(9)),
        new Job.Times(
            instant(r, 12), instant(r, 13), instant(r, 14), instant(r, 15), instant(r, 16)),
        r.getLong(17));
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
