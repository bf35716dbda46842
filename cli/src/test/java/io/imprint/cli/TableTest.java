package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columns_are_as_wide_as_their_widest_cell_three_spaces_apart_without_trailing_blanks() {
    var table =
        new Table("ID", "Name", "Status")
            .row("r006-1", "a-long-image-name", "available")
            .row("r006-22", "b", null);
    assertThat(table.toString())
        .isEqualTo(
            """
        ID        Name                Status
        r006-1    a-long-image-name   available
        r006-22   b                   -
        """);
  }

  @Test
  void a_details_block_lines_up_values_and_sub_tables_under_the_first_line() {
    var details =
        new Details()
            .add("ID", "r006-1")
            .add(
                "Status reason", new Table("Code", "Message").row("image_request_queued", "queued"))
            .add("Source volume", new Table("ID", "Name"))
            .add("Deprecation Date", (String) null);
    assertThat(details.toString())
        .isEqualTo(
            """
        ID                 r006-1
        Status reason      Code                   Message
                           image_request_queued   queued
        Source volume      -
        Deprecation Date   -
        """);
  }
}
