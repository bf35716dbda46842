package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageFilter;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.ImageRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class JdbcImageRepository extends JdbcDocRepository<Image, ImageRepository.Query>
    implements ImageRepository {
  static final DocTable<Image> TABLE =
      new DocTable<>(
          "images",
          Image.class,
          Image::id,
          Image::version,
          List.of(
              column("name", Image::name),
              column("status", i -> i.status().wire()),
              column("visibility", i -> i.visibility().wire()),
              column("owner_account_id", Image::ownerAccountId),
              column("resource_group_id", Image::resourceGroupId),
              column("user_data_format", Image::userDataFormat),
              column(
                  "deprecation_at",
                  i -> i.deprecationAt() == null ? null : i.deprecationAt().toEpochMilli()),
              column(
                  "obsolescence_at",
                  i -> i.obsolescenceAt() == null ? null : i.obsolescenceAt().toEpochMilli()),
              column("created_at", i -> i.createdAt().toEpochMilli())),
          List.of(DocTable.uniqueName("image")));

  JdbcImageRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where visible(Where where, ReadScope scope) {
    // public images are the catalog: whoever may list images anywhere sees them
    return scope.everything()
        ? where
        : where.inEither(
            "resource_group_id",
            scope.resourceGroupIds(),
            "id",
            scope.resourceIds(),
            "visibility = 'public'");
  }

  @Override
  protected Where where(Query query) {
    if (query == null || query.filter() == null) {
      return Where.all();
    }
    var f = query.filter();
    var where =
        Where.all()
            .inIfSet(
                "status",
                f.statuses() == null ? null : f.statuses().stream().map(ImageStatus::wire).toList())
            .eqIfSet("visibility", f.visibility() == null ? null : f.visibility().wire())
            .eqIfSet("name", f.name())
            .eqIfSet("resource_group_id", f.resourceGroupId())
            .inIfSet("user_data_format", f.userDataFormats());
    where = JdbcTagRepository.taggedIfSet(where, TaggedResource.Type.IMAGE, f.tag());
    if (f.search() != null) {
      // lower() folds ASCII letters only on both databases (PostgreSQL's under the column's "C"
      // collation), so the term is folded the same way here
      where =
          where.and(
              "lower(name) LIKE ? ESCAPE '\\'", "%" + likeEscaped(foldAscii(f.search())) + "%");
    }
    if (f.owner() == null) {
      return where;
    }
    return switch (f.owner().kind()) {
      case MINE -> where.eq("owner_account_id", caller(query));
      case OTHERS -> where.and("owner_account_id <> ?", caller(query));
      case ACCOUNT -> where.eq("owner_account_id", f.owner().accountId());
    };
  }

  @Override
  protected DocTable.Order order(Query query) {
    if (query == null || query.sort() == null) {
      return null;
    }
    var descending = query.sort().descending();
    return switch (query.sort()) {
      case NAME, NAME_DESCENDING -> new DocTable.Order("name", descending, key -> key);
      case CREATED_AT, CREATED_AT_DESCENDING ->
          new DocTable.Order("created_at", descending, Long::valueOf);
    };
  }

  @Override
  public Map<ImageStatus, Long> countByStatus(Query query, ReadScope scope) {
    var filter = query.filter() == null ? ImageFilter.none() : query.filter();
    // every status named, when none is: SQLite then counts from images_filters (status,
    // visibility, …) alone, where visibility = ? by itself took images_visibility_seq and read
    // every row of the tab (1.1 against 15 ms at 10,000 images)
    var everyStatus =
        filter.statuses() != null
            ? filter
            : new ImageFilter(
                EnumSet.allOf(ImageStatus.class),
                filter.visibility(),
                filter.name(),
                filter.resourceGroupId(),
                filter.userDataFormats(),
                filter.owner(),
                filter.tag(),
                filter.search());
    var where =
        visible(where(new Query(everyStatus, query.callerAccountId(), query.sort())), scope);
    var counts = new EnumMap<ImageStatus, Long>(ImageStatus.class);
    for (var row :
        sql.query(
            "SELECT status, COUNT(*) FROM images" + where.sql() + " GROUP BY status",
            where.params(),
            row -> Map.entry(row.getString(1), row.getLong(2)))) {
      ImageStatus.fromWire(row.getKey()).ifPresent(status -> counts.put(status, row.getValue()));
    }
    return counts;
  }

  @Override
  public List<Image> dueForLifecycle(Instant now, int limit) {
    long t = now.toEpochMilli();
    // no ORDER BY: any order will do, and sorting would read every due row's index entry for each
    // batch
    return table.first(
        sql,
        Where.all()
            .and(
                "((status = 'available' AND deprecation_at <= ?) OR (status IN ('available', 'deprecated') AND obsolescence_at <= ?))",
                t,
                t),
        limit);
  }

  @Override
  public boolean[] updateStatuses(List<Image> images) {
    return table.updateAll(sql, images, List.of("status"));
  }

  @Override
  public Optional<Instant> nextLifecycleDue(Instant after) {
    long t = after.toEpochMilli();
    var next =
        sql.query(
            "SELECT MIN(d) FROM (SELECT MIN(deprecation_at) AS d FROM images WHERE status = 'available' AND deprecation_at > ?"
                + " UNION ALL SELECT MIN(obsolescence_at) AS d FROM images WHERE status IN ('available', 'deprecated') AND obsolescence_at > ?) due",
            List.of(t, t),
            row -> {
              long v = row.getLong(1);
              return row.wasNull() ? null : Instant.ofEpochMilli(v);
            });
    return next.isEmpty() ? Optional.empty() : Optional.ofNullable(next.getFirst());
  }

  @Override
  public List<Warning> dueWarnings(Instant now, Duration lead, int limit) {
    long t = now.toEpochMilli();
    long horizon = now.plus(lead).toEpochMilli();
    var out = new ArrayList<Warning>();
    for (var event : List.of("deprecation", "obsolescence")) {
      // the status conditions are those of the partial indexes images_*_due, so the planner can use
      // them
      var statuses =
          event.equals("deprecation")
              ? "status = 'available'"
              : "status IN ('available', 'deprecated')";
      out.addAll(
          sql.query(
              "SELECT id, "
                  + event
                  + "_at FROM images WHERE "
                  + statuses
                  + " AND "
                  + event
                  + "_at > ? AND "
                  + event
                  + "_at <= ?"
                  + " AND NOT EXISTS (SELECT 1 FROM lifecycle_warnings w WHERE w.image_id = images.id AND w.event = ?"
                  + " AND w.due_at = images."
                  + event
                  + "_at AND w.lead = ?) LIMIT ?",
              List.of(t, horizon, event, lead.toString(), limit),
              row ->
                  new Warning(
                      row.getString(1), event, Instant.ofEpochMilli(row.getLong(2)), lead)));
    }
    return out;
  }

  @Override
  public boolean recordWarning(Warning warning) {
    var params =
        List.<Object>of(
            warning.imageId(),
            warning.event(),
            warning.dueAt().toEpochMilli(),
            warning.lead().toString());
    if (!sql.query(
            "SELECT 1 FROM lifecycle_warnings WHERE image_id = ? AND event = ? AND due_at = ? AND lead = ?",
            params,
            row -> 1)
        .isEmpty()) {
      return false;
    }
    return sql.update(
            "INSERT INTO lifecycle_warnings (image_id, event, due_at, lead) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            params)
        == 1;
  }

  @Override
  public Optional<Instant> nextWarningDue(Instant after, Duration lead) {
    long horizon = after.plus(lead).toEpochMilli();
    var next =
        sql.query(
            "SELECT MIN(d) FROM (SELECT MIN(deprecation_at) AS d FROM images WHERE status = 'available' AND deprecation_at > ?"
                + " UNION ALL SELECT MIN(obsolescence_at) AS d FROM images WHERE status IN ('available', 'deprecated') AND obsolescence_at > ?) due",
            List.of(horizon, horizon),
            row -> {
              long v = row.getLong(1);
              return row.wasNull() ? null : Instant.ofEpochMilli(v).minus(lead);
            });
    return next.isEmpty() ? Optional.empty() : Optional.ofNullable(next.getFirst());
  }

  private static String foldAscii(String s) {
    var out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }

  /** {@code s} as a LIKE pattern that matches it literally, escaped with backslashes. */
  private static String likeEscaped(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String caller(Query query) {
    return Objects.requireNonNull(
        query.callerAccountId(), "the owner filter needs the caller's account");
  }
}
