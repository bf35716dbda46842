package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The console's pages checked by axe-core (Deque's rules engine, run inside the page): the WCAG 2.0
 * and 2.1 A and AA rules, contrast, labels, names, landmarks and ARIA use among them.
 */
final class Accessibility {
  private static final List<String> WCAG_A_AND_AA =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  private Accessibility() {}

  /** Fails with each violated rule, its impact and the elements that break it. */
  static void assertAccessible(Page page) {
    var violations = new AxeBuilder(page).withTags(WCAG_A_AND_AA).analyze().getViolations();
    assertThat(violations).as(() -> describe(violations)).isEmpty();
  }

  private static String describe(List<Rule> violations) {
    return violations.stream()
        .map(
            rule ->
                rule.getId()
                    + " ("
                    + rule.getImpact()
                    + "): "
                    + rule.getHelp()
                    + " at "
                    + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"));
  }
}
