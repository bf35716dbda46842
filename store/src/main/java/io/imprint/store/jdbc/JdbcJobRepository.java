package io.imprint.store.jdbc;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.port.JobRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The job queue on plain columns. Claiming selects the oldest queued job and takes it with a
 * compare-and-set on its version, so on PostgreSQL two workers racing for one job see exactly one
 * winner (the loser tries the next).
 */
final class JdbcJobRepository implements JobRepository {
  private static final String COLUMNS =
      "id, kind, resource_id, state, attempts, lease_owner, lease_expires_at, bytes_done, bytes_total, error, payload,"
          + " created_at, started_at, updated_at, finished_at, version";

  private final Sql sql;

  JdbcJobRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public boolean insert(Job job) {
    if (findByResource(job.kind(), job.resourceId()).isPresent()) {
      return false;
    }
    sql.update(
        "INSERT INTO jobs ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Collections.unmodifiableList(
            new ArrayList<Object>(
                Arrays.asList(
                    job.id(),
                    job.kind(),
                    job.resourceId(),
                    job.state().wire(),
                    job.attempts(),
                    job.leaseOwner(),
                    millis(job.leaseExpiresAt()),
                    job.bytesDone(),
                    job.bytesTotal(),
                    job.error(),
                    job.payload(),
                    millis(job.createdAt()),
                    millis(job.startedAt()),
                    millis(job.updatedAt()),
                    millis(job.finishedAt()),
                    job.version()))));
    return true;
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
  public Optional<Job> claim(List<String> kinds, String owner, Instant now, Instant leaseUntil) {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    var params = new ArrayList<Object>(kinds);
    var candidates =
        sql.query(
            "SELECT "
                + COLUMNS
                + " FROM jobs WHERE state = 'queued' AND kind IN ("
                + placeholders(kinds.size())
                + ") ORDER BY seq LIMIT 5"
                + sql.dialect().skipLocked(),
            params,
            JdbcJobRepository::map);
    for (var job : candidates) {
      int rows =
          sql.update(
              "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,"
                  + " started_at = COALESCE(started_at, ?), updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND state = 'queued'",
              List.of(
                  owner,
                  leaseUntil.toEpochMilli(),
                  now.toEpochMilli(),
                  now.toEpochMilli(),
                  job.id(),
                  job.version()));
      if (rows == 1) {
        return get(job.id());
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean heartbeat(
      String id, String owner, Instant now, Instant leaseUntil, long bytesDone, long bytesTotal) {
    return sql.update(
            "UPDATE jobs SET lease_expires_at = ?, bytes_done = ?, bytes_total = ?, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND lease_owner = ? AND state = 'running'",
            List.of(
                leaseUntil.toEpochMilli(), bytesDone, bytesTotal, now.toEpochMilli(), id, owner))
        == 1;
  }

  @Override
  public boolean finish(String id, String owner, JobState state, String error, Instant now) {
    return sql.update(
            "UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, lease_expires_at = NULL,"
                + " version = version + 1 WHERE id = ? AND lease_owner = ? AND state = 'running'",
            Arrays.asList(state.wire(), error, now.toEpochMilli(), now.toEpochMilli(), id, owner))
        == 1;
  }

  @Override
  public boolean transition(String id, JobState from, JobState to, String error, Instant now) {
    return sql.update(
            "UPDATE jobs SET state = ?, error = ?, updated_at = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,"
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
            + " FROM jobs WHERE state = 'running' AND lease_expires_at < ? ORDER BY seq LIMIT ?",
        List.of(now.toEpochMilli(), limit),
        JdbcJobRepository::map);
  }

  @Override
  public boolean requeue(Job job, Instant now) {
    return sql.update(
            "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND state = 'running'",
            List.of(now.toEpochMilli(), job.id(), job.version()))
        == 1;
  }

  @Override
  public List<Job> list(JobState state, int limit) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM jobs WHERE state = ? ORDER BY seq LIMIT ?",
        List.of(state.wire(), limit),
        JdbcJobRepository::map);
  }

  @Override
  public void delete(String id) {
    sql.update("DELETE FROM jobs WHERE id = ?", List.of(id));
  }

  private static Job map(ResultSet r) throws SQLException {
    return new Job(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        JobState.valueOf(r.getString(4).toUpperCase()),
        r.getInt(5),
        r.getString(6),
        instant(r, 7),
        r.getLong(8),
        r.getLong(9),
        r.getString(10),
        r.getString(11),
        instant(r, 12),
        instant(r, 13),
        instant(r, 14),
        instant(r, 15),
        r.getLong(16));
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
