package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.port.DuplicateNameException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * One resource table of the shape every table shares: {@code seq} (list order and paging position),
 * {@code id}, derived {@code columns}, {@code version} (compare-and-set) and {@code doc} (the
 * record as JSON). It writes the derived columns from the record on every insert and update and
 * reads records back from {@code doc} with the version of the row, so a repository only has to say
 * which columns exist and how its filter selects rows.
 *
 * @param <T> the record the table stores
 */
final class DocTable<T extends Record> {
  /** A column copied from the record: its name in the schema and how to compute its value. */
  record Column<T>(String name, Function<T, ?> value) {}

  /**
   * A list order other than insertion: by {@code column}, then by {@code seq} in the same direction
   * (so that equal values keep a stable order). {@code key} turns the column's value, as a page's
   * {@link Page#nextKey()} carries it, back into the value to compare with.
   */
  record Order(String column, boolean descending, Function<String, Object> key) {}

  /** A row read: its position, its record, and in a sorted list its sort key as text. */
  private record Row<T>(long seq, T entity, String key) {}

  private final String table;
  private final Class<T> type;
  private final Function<T, String> id;
  private final ToLongFunction<T> version;
  private final List<Column<T>> columns;
  private final List<Sql.UniqueKey> uniqueKeys;
  private final String insertSql;
  private final String updateSql;
  private final String deleteSql;
  private final String selectSql;
  private final String countSql;

  DocTable(
      String table,
      Class<T> type,
      Function<T, String> id,
      ToLongFunction<T> version,
      List<Column<T>> columns,
      List<Sql.UniqueKey> uniqueKeys) {
    this.table = table;
    this.type = type;
    this.id = id;
    this.version = version;
    this.columns = List.copyOf(columns);
    this.uniqueKeys = List.copyOf(uniqueKeys);
    var names = this.columns.stream().map(Column::name).toList();
    this.insertSql =
        "INSERT INTO "
            + table
            + " (id, "
            + String.join(", ", names)
            + ", version, doc) VALUES ("
            + String.join(", ", Collections.nCopies(names.size() + 3, "?"))
            + ")";
    this.updateSql =
        "UPDATE "
            + table
            + " SET "
            + String.join(", ", names.stream().map(n -> n + " = ?").toList())
            + ", version = version + 1, doc = ? WHERE id = ? AND version = ?";
    this.deleteSql = "DELETE FROM " + table + " WHERE id = ? AND version = ?";
    this.selectSql = "SELECT seq, version, id, doc FROM " + table;
    this.countSql = "SELECT COUNT(*) FROM " + table;
  }

  static <T> Column<T> column(String name, Function<T, ?> value) {
    return new Column<>(name, value);
  }

  /** The {@code name} key: a taken name is a {@link DuplicateNameException}. */
  static Sql.UniqueKey uniqueName(String kind) {
    return new Sql.UniqueKey(
        List.of("name"),
        e -> new DuplicateNameException("the " + kind + " name is already taken", e));
  }

  void insert(Sql sql, T entity) {
    var params = new ArrayList<Object>();
    params.add(id.apply(entity));
    params.addAll(columnValues(entity));
    params.add(version.applyAsLong(entity));
    params.add(Json.write(entity));
    sql.update(insertSql, params, table, uniqueKeys);
  }

  /** Replaces the row if its version is still the entity's; the stored version becomes one more. */
  boolean update(Sql sql, T entity) {
    var params = new ArrayList<Object>(columnValues(entity));
    params.add(Json.write(entity));
    params.add(id.apply(entity));
    params.add(version.applyAsLong(entity));
    return sql.update(updateSql, params, table, uniqueKeys) == 1;
  }

  /**
   * {@link #update} of every entity through one prepared statement, rewriting only the {@code
   * changing} columns (and the document): SQLite maintains an index only when its columns are
   * assigned, so a bulk change of one column leaves the other indexes alone. Per entity, whether it
   * won.
   */
  boolean[] updateAll(Sql sql, List<T> entities, List<String> changing) {
    var cols = columns.stream().filter(c -> changing.contains(c.name())).toList();
    if (cols.size() != changing.size()) {
      throw new IllegalArgumentException("not columns of " + table + ": " + changing);
    }
    var assignments = new ArrayList<String>();
    cols.forEach(c -> assignments.add(c.name() + " = ?"));
    assignments.add("version = version + 1");
    assignments.add("doc = ?");
    var statement =
        "UPDATE "
            + table
            + " SET "
            + String.join(", ", assignments)
            + " WHERE id = ? AND version = ?";
    var counts =
        sql.batch(
            statement,
            entities,
            e -> {
              var p = new ArrayList<Object>(cols.size() + 3);
              cols.forEach(c -> p.add(c.value().apply(e)));
              p.add(Json.write(e));
              p.add(id.apply(e));
              p.add(version.applyAsLong(e));
              return p;
            });
    var won = new boolean[counts.length];
    for (int i = 0; i < counts.length; i++) {
      won[i] = counts[i] == 1;
    }
    return won;
  }

  boolean delete(Sql sql, String rowId, long expectedVersion) {
    return sql.update(deleteSql, Arrays.asList(rowId, expectedVersion)) == 1;
  }

  /** The one row that {@code where} selects (by a unique column), if any. */
  Optional<T> find(Sql sql, Where where) {
    return rows(sql, where, "").stream().findFirst().map(Row::entity);
  }

  /** Every row that {@code where} selects, in insertion order. */
  List<T> list(Sql sql, Where where) {
    return rows(sql, where, " ORDER BY seq").stream().map(Row::entity).toList();
  }

  /** Up to {@code limit} rows that {@code where} selects, in no particular order. */
  List<T> first(Sql sql, Where where, int limit) {
    return rows(sql, where, " LIMIT ?", limit).stream().map(Row::entity).toList();
  }

  /**
   * One page after {@code page.after()} in insertion order. One extra row is read to learn whether
   * more follow; the total counts every row the filter selects, wherever the page starts.
   */
  Page<T> page(Sql sql, Where where, PageRequest page) {
    var rows =
        rows(sql, where.and("seq > ?", page.after()), " ORDER BY seq LIMIT ?", page.limit() + 1);
    boolean more = rows.size() > page.limit();
    var items = rows.subList(0, Math.min(rows.size(), page.limit()));
    // a first page that holds everything is its own count
    long total = page.after() == 0 && !more ? items.size() : count(sql, where);
    return new Page<>(
        items.stream().map(Row::entity).toList(), total, more ? items.getLast().seq() : null);
  }

  /**
   * One page in {@code order} (insertion order when null), continuing after the pair (sort key,
   * seq) that {@code page} names; the total as in {@link #page(Sql, Where, PageRequest)}.
   */
  Page<T> page(Sql sql, Where where, PageRequest page, Order order) {
    if (order == null) {
      return page(sql, where, page);
    }
    var column = order.column();
    if (columns.stream().noneMatch(c -> c.name().equals(column))) {
      throw new IllegalArgumentException("not a column of " + table + ": " + column);
    }
    var direction = order.descending() ? " DESC" : "";
    var beyond = order.descending() ? " < (?, ?)" : " > (?, ?)";
    var from = where;
    if (page.afterKey() != null) {
      var key = order.key().apply(page.afterKey());
      // a row value, which both databases turn into a range of an index on (column, seq)
      from = where.and("(" + column + ", seq)" + beyond, key, page.after());
    } else if (page.after() != 0) {
      throw new IllegalArgumentException("a position in a sorted list needs its sort key");
    }
    var params = new ArrayList<Object>(from.params());
    params.add(page.limit() + 1);
    var rows =
        sql.query(
            "SELECT seq, version, id, doc, "
                + column
                + " FROM "
                + table
                + from.sql()
                + " ORDER BY "
                + column
                + direction
                + ", seq"
                + direction
                + " LIMIT ?",
            params,
            row -> new Row<>(row.getLong(1), record(sql, row), row.getString(5)));
    boolean more = rows.size() > page.limit();
    var items = rows.subList(0, Math.min(rows.size(), page.limit()));
    long total =
        page.after() == 0 && page.afterKey() == null && !more ? items.size() : count(sql, where);
    return new Page<>(
        items.stream().map(Row::entity).toList(),
        total,
        more ? items.getLast().seq() : null,
        more ? items.getLast().key() : null);
  }

  long count(Sql sql, Where where) {
    return sql.count(countSql + where.sql(), where.params());
  }

  private List<Row<T>> rows(Sql sql, Where where, String tail, Object... tailParams) {
    var params = Stream.concat(where.params().stream(), Stream.of(tailParams)).toList();
    return sql.query(
        selectSql + where.sql() + tail,
        params,
        row -> new Row<>(row.getLong(1), record(sql, row), null));
  }

  /**
   * The row's record: from the cache when this version was parsed before, without even fetching the
   * document.
   */
  private T record(Sql sql, ResultSet row) throws SQLException {
    var rowId = row.getString(3);
    long rowVersion = row.getLong(2);
    DocCache<T> parsed = sql.docCache(table);
    var cached = parsed.get(rowId, rowVersion);
    if (cached != null) {
      return cached;
    }
    // the UTF-8 bytes as stored: no String is built, and Jackson's byte parser is the faster one
    var record = Json.read(row.getBytes(4), rowVersion, type);
    parsed.put(rowId, rowVersion, record);
    return record;
  }

  private List<Object> columnValues(T entity) {
    var values = new ArrayList<Object>(columns.size());
    for (var c : columns) {
      values.add(c.value().apply(entity));
    }
    return values;
  }
}
