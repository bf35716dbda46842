package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.StoredEvent;
import io.imprint.core.port.EventRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The event outbox on plain columns (what filters need) and the event as a JSON document.
 *
 * <p>Appended events wait in the transaction and are inserted in one batch just before it commits
 * ({@link #flush}), so that a transaction holds the outbox's order for as short a time as can be.
 * On PostgreSQL, where two transactions may take sequences in one order and commit in the other, an
 * event writer takes a transaction-scoped lock first: events then commit in sequence order, and a
 * delivery cursor that passed an event can never see an earlier one commit later. SQLite has one
 * writer at a time and needs no lock.
 */
final class JdbcEventRepository implements EventRepository {
  /** The advisory lock that orders event writers on PostgreSQL ("imprint events" as a number). */
  private static final long ORDER_LOCK = 0x696d_7072_6576_7473L;

  private static final String COLUMNS = "seq, id, event_time, action, outcome, target_crn, doc";

  private static final String INSERT =
      "INSERT INTO events (id, event_time, action, outcome, target_crn, initiator_id, doc)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final Sql sql;
  private final boolean readOnly;
  private final List<ActivityEvent> pending = new ArrayList<>();

  JdbcEventRepository(Sql sql, boolean readOnly) {
    this.sql = sql;
    this.readOnly = readOnly;
  }

  @Override
  public void append(List<ActivityEvent> events) {
    if (readOnly) {
      throw new IllegalStateException("a read transaction cannot write events");
    }
    pending.addAll(events);
  }

  /** Inserts the events appended so far; runs before the transaction commits. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    if (sql.dialect() == Dialect.POSTGRES) {
      sql.query("SELECT pg_advisory_xact_lock(?)", List.of(ORDER_LOCK), row -> null);
    }
    var events = List.copyOf(pending);
    pending.clear();
    sql.batch(
        INSERT,
        events,
        e ->
            List.of(
                e.id(),
                e.eventTime().toEpochMilli(),
                e.action(),
                e.outcome().wire(),
                e.target().crn(),
                e.initiator().id(),
                Json.write(EventDocument.storable(e))));
  }

  @Override
  public Page<ActivityEvent> list(EventFilter filter, PageRequest page) {
    flush();
    var where = where(filter);
    var paged = page.after() == 0 ? where : where.and("seq < ?", page.after());
    var params = new ArrayList<Object>(paged.params());
    params.add(page.limit() + 1);
    // the page is found on the narrow filter columns, then only its documents are read
    var rows =
        sql.query(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE seq IN (SELECT seq FROM events"
                + paged.sql()
                + " ORDER BY seq DESC LIMIT ?) ORDER BY seq DESC",
            params,
            JdbcEventRepository::read);
    boolean more = rows.size() > page.limit();
    var items = rows.subList(0, Math.min(rows.size(), page.limit()));
    long total =
        page.after() == 0 && !more
            ? items.size()
            : sql.count("SELECT COUNT(*) FROM events" + where.sql(), where.params());
    return new Page<>(
        items.stream().map(StoredEvent::event).toList(),
        total,
        more ? items.getLast().seq() : null);
  }

  @Override
  public List<StoredEvent> after(long seq, int limit) {
    flush();
    return sql.query(
        "SELECT " + COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        List.of(seq, limit),
        JdbcEventRepository::read);
  }

  @Override
  public long cursor(String sink) {
    var found =
        sql.query(
            "SELECT delivered_seq FROM event_cursors WHERE sink = ?",
            List.of(sink),
            row -> row.getLong(1));
    return found.isEmpty() ? 0 : found.getFirst();
  }

  @Override
  public boolean advanceCursor(String sink, long from, long to) {
    if (from == 0
        && cursor(sink) == 0
        && sql.update(
                "INSERT INTO event_cursors (sink, delivered_seq) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM event_cursors WHERE sink = ?)",
                List.of(sink, to, sink))
            == 1) {
      return true;
    }
    return sql.update(
            "UPDATE event_cursors SET delivered_seq = ? WHERE sink = ? AND delivered_seq = ?",
            List.of(to, sink, from))
        == 1;
  }

  @Override
  public int deleteOlderThan(Instant cutoff, int limit) {
    return sql.update(
        "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE event_time < ? ORDER BY seq"
            + " LIMIT ?)",
        List.of(cutoff.toEpochMilli(), limit));
  }

  private static Where where(EventFilter f) {
    var where =
        Where.all()
            .eqIfSet("action", f.action())
            .eqIfSet("target_crn", f.targetCrn())
            .eqIfSet("outcome", f.outcome() == null ? null : f.outcome().wire())
            .eqIfSet("initiator_id", f.initiatorId());
    if (f.from() != null) {
      where = where.and("event_time >= ?", f.from().toEpochMilli());
    }
    if (f.to() != null) {
      where = where.and("event_time < ?", f.to().toEpochMilli());
    }
    if (f.actionPrefix() != null) {
      where = where.and("action LIKE ? ESCAPE '\\'", escapeLike(f.actionPrefix()) + "%");
    }
    return where;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The event of a row of {@link #COLUMNS}: the document with its columns put back. */
  private static StoredEvent read(ResultSet row) throws SQLException {
    return new StoredEvent(
        row.getLong(1),
        EventDocument.read(
            row.getBytes(7),
            row.getString(2),
            row.getString(4),
            Instant.ofEpochMilli(row.getLong(3)),
            Outcome.fromWire(row.getString(5)),
            row.getString(6)));
  }
}
