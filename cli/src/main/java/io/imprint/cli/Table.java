package io.imprint.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The real CLI's tables: a header row and left-aligned columns three spaces apart, no borders, no
 * trailing blanks. An empty value is shown as {@code -}.
 */
final class Table {
  private static final String GAP = "   ";
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + headers.size() + " columns");
    }
    var row = new ArrayList<String>();
    for (var cell : cells) {
      row.add(cell == null || cell.isEmpty() ? "-" : cell);
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  List<String> lines() {
    var widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (var row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    var out = new ArrayList<String>();
    out.add(line(headers, widths));
    rows.forEach(row -> out.add(line(row, widths)));
    return out;
  }

  private static String line(List<String> cells, int[] widths) {
    var sb = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        sb.append(GAP);
      }
      sb.append(cells.get(c));
      if (c < cells.size() - 1) {
        sb.append(" ".repeat(widths[c] - cells.get(c).length()));
      }
    }
    return sb.toString().stripTrailing();
  }

  @Override
  public String toString() {
    return String.join("\n", lines()) + "\n";
  }
}
