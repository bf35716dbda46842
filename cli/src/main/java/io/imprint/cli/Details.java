package io.imprint.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The key/value block that {@code ibmcloud is image ID} prints: one label per row, the value beside
 * it; a nested object's value is a sub-table whose lines line up under the first.
 */
final class Details {
  private static final String GAP = "   ";
  private final List<String> labels = new ArrayList<>();
  private final List<List<String>> values = new ArrayList<>();

  Details add(String label, String value) {
    labels.add(label);
    values.add(List.of(value == null || value.isEmpty() ? "-" : value));
    return this;
  }

  Details add(String label, Table table) {
    labels.add(label);
    values.add(table.isEmpty() ? List.of("-") : table.lines());
    return this;
  }

  /** Lines of their own (a nested block), the first beside the label. */
  Details addLines(String label, List<String> lines) {
    labels.add(label);
    values.add(lines.isEmpty() ? List.of("-") : List.copyOf(lines));
    return this;
  }

  @Override
  public String toString() {
    int width = labels.stream().mapToInt(String::length).max().orElse(0);
    var sb = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      var lines = values.get(i);
      for (int l = 0; l < lines.size(); l++) {
        var label = l == 0 ? labels.get(i) : "";
        sb.append((label + " ".repeat(width - label.length()) + GAP + lines.get(l)).stripTrailing())
            .append('\n');
      }
    }
    return sb.toString();
  }
}
