package io.imprint.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The conditions of a query, joined with AND, and their parameters. Column names and fragments are
 * constants of the store's code; values only ever travel as {@code ?} parameters. Immutable: every
 * method returns a new condition set, so one filter serves both the page query and its count.
 */
final class Where {
  private static final Where ALL = new Where(List.of(), List.of());

  private final List<String> conditions;
  private final List<Object> params;

  private Where(List<String> conditions, List<Object> params) {
    this.conditions = conditions;
    this.params = params;
  }

  /** No condition: every row. */
  static Where all() {
    return ALL;
  }

  /** {@code column = value}; a null value matches nothing, as in SQL. */
  Where eq(String column, Object value) {
    return and(column + " = ?", value);
  }

  /** {@code column = value}, or no condition when the filter value is null ("not filtered"). */
  Where eqIfSet(String column, Object value) {
    return value == null ? this : eq(column, value);
  }

  /** {@code column IN (values)}; no condition when null, nothing matches when empty. */
  Where inIfSet(String column, Collection<?> values) {
    if (values == null) {
      return this;
    }
    if (values.isEmpty()) {
      return and("1 = 0");
    }
    return and(
        column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")",
        values.toArray());
  }

  /**
   * {@code (first IN (firstValues) OR second IN (secondValues) [OR extra])}; an empty set adds no
   * alternative, and nothing matches when there is none.
   */
  Where inEither(
      String first,
      Collection<?> firstValues,
      String second,
      Collection<?> secondValues,
      String... extra) {
    var alternatives = new ArrayList<String>();
    var values = new ArrayList<Object>();
    for (var in : List.of(Map.entry(first, firstValues), Map.entry(second, secondValues))) {
      if (!in.getValue().isEmpty()) {
        alternatives.add(
            in.getKey()
                + " IN ("
                + String.join(", ", Collections.nCopies(in.getValue().size(), "?"))
                + ")");
        values.addAll(in.getValue());
      }
    }
    Collections.addAll(alternatives, extra);
    return alternatives.isEmpty()
        ? and("1 = 0")
        : and("(" + String.join(" OR ", alternatives) + ")", values.toArray());
  }

  /** A fixed SQL fragment with one {@code ?} per parameter. */
  Where and(String fragment, Object... values) {
    var c = new ArrayList<>(conditions);
    c.add(fragment);
    var p = new ArrayList<>(params);
    Collections.addAll(p, values);
    return new Where(List.copyOf(c), Collections.unmodifiableList(p));
  }

  /** {@code " WHERE a AND b"}, or empty when there is no condition. */
  String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  List<Object> params() {
    return params;
  }
}
