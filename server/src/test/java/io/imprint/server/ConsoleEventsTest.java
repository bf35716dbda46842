package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit trail in Chromium: newest first, filtered and paged by the events API. */
class ConsoleEventsTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;

  @BeforeAll
  static void use_the_administrator() {
    api = console.api();
  }

  @Test
  void the_events_page_shows_the_newest_first_and_filters_by_action() {
    var instance = Instances.stopped(api, "audited-vm");
    api.patch("/v1/instances/" + instance.path("id").asText(), obj("name", "audited-vm-renamed"));
    console.open("#/events");

    var newest = events("limit=20");
    assertThat(actions()).containsExactlyElementsOf(field(newest, "action"));
    var first = rows().first();
    assertThat(first.locator("td").nth(1)).hasText("is.instance.instance.update");
    assertThat(first.locator("td").nth(5)).hasText(newest.get(0).path("message").asText());
    Accessibility.assertAccessible(page());

    page().getByLabel("Action", exact()).fill("is.instance.instance.stop");
    page().getByRole(AriaRole.BUTTON, button("Filter")).click();

    assertThat(page()).hasURL(Pattern.compile("#/events\\?action=is.instance.instance.stop$"));
    var stops = events("action=is.instance.instance.stop");
    assertThat(stops).isNotEmpty();
    assertThat(rows()).hasCount(stops.size());
    assertThat(actions()).containsOnly("is.instance.instance.stop");
    assertThat(page().getByLabel("Action", exact())).hasValue("is.instance.instance.stop");
  }

  @Test
  void a_row_opens_to_the_whole_event_as_text() {
    Instances.running(api, "expanded-vm");
    console.open("#/events?action=is.instance.instance.create");

    var toggle = page().locator("#event-rows button.disclosure").first();
    assertThat(toggle).hasAttribute("aria-expanded", "false");
    toggle.click();

    assertThat(toggle).hasAttribute("aria-expanded", "true");
    var full = page().locator("#event-rows tr.event-full").first();
    assertThat(full).isVisible();
    var event = events("action=is.instance.instance.create&limit=1").get(0);
    assertThat(valueOf(full, "target.id")).hasText(event.at("/target/id").asText());
    assertThat(valueOf(full, "target.name")).hasText("expanded-vm");
    assertThat(valueOf(full, "initiator.credential.type")).hasText("apikey");
    assertThat(valueOf(full, "severity")).hasText(event.path("severity").asText());

    toggle.press("Enter");
    assertThat(full).isHidden();
    assertThat(toggle).hasAttribute("aria-expanded", "false");
  }

  @Test
  void a_refusal_is_found_among_the_failures() {
    var instance = Instances.running(api, "refused-to-viewer");
    var viewer = Callers.holding(console.server(), Role.VIEWER, PolicyResource.account());
    var refused =
        viewer.post(
            "/v1/instances/" + instance.path("id").asText() + "/actions", obj("type", "stop"));
    assertThat(refused.status()).isEqualTo(403);
    console.open("#/events");

    page().getByLabel("Outcome").selectOption("failure");
    page().getByRole(AriaRole.BUTTON, button("Filter")).click();

    assertThat(page()).hasURL(Pattern.compile("outcome=failure"));
    assertThat(page().locator("#event-rows td.outcome").first()).hasText("failure");
    for (var outcome : page().locator("#event-rows td.outcome").allTextContents()) {
      assertThat(outcome).isEqualTo("failure");
    }
    assertThat(page().locator("#event-rows")).containsText("refused-to-viewer");
  }

  @Test
  void a_time_range_the_api_refuses_shows_its_message_and_trace() {
    console.open("#/events");

    page().getByLabel("From").fill("2026-05-02T10:00");
    page().getByLabel("Until").fill("2026-05-01T10:00");
    page().getByRole(AriaRole.BUTTON, button("Filter")).click();

    assertThat(page().getByRole(AriaRole.ALERT)).containsText("from must lie before to.");
    assertThat(page().locator("#error-trace")).hasText(Pattern.compile("\\S{8,}"));
  }

  @Test
  void paging_goes_forward_and_back_through_the_events() {
    for (var i = 0; i < 3; i++) {
      Instances.running(api, "paged-vm-" + i);
    }
    console.open("#/events");
    // read after signing in, which the trail may count too
    var total = api.get("/imprint/v1/events?limit=1").body().path("total_count").asInt();
    assertThat(total).isGreaterThan(10);

    page().getByLabel("Events per page").selectOption("10");
    assertThat(page().locator("#event-count")).hasText("1–10 of " + total);
    var firstPage = actions();
    page().getByRole(AriaRole.BUTTON, button("Next page")).click();
    assertThat(page().locator("#event-count"))
        .hasText("11–" + Math.min(20, total) + " of " + total);
    assertThat(actions())
        .containsExactlyElementsOf(
            field(events("limit=20").subList(10, Math.min(20, total)), "action"));
    page().getByRole(AriaRole.BUTTON, button("Previous page")).click();
    assertThat(page().locator("#event-count")).hasText("1–10 of " + total);
    assertThat(actions()).containsExactlyElementsOf(firstPage);
    assertThat(page().getByRole(AriaRole.BUTTON, button("Previous page"))).isDisabled();
  }

  @Test
  void an_instance_s_events_link_shows_only_its_events() {
    var instance = Instances.stopped(api, "only-mine");
    Instances.running(api, "someone-else");
    console.open("#/instances/" + instance.path("id").asText());

    page().getByRole(AriaRole.LINK, link("Events of this instance")).click();

    assertThat(page().getByLabel("Target CRN")).hasValue(instance.path("crn").asText());
    var mine = events("target.crn=" + instance.path("crn").asText());
    assertThat(rows()).hasCount(mine.size());
    assertThat(page().locator("#event-rows")).not().containsText("someone-else");
  }

  // ---- the API's answers and the page's rows

  private static List<JsonNode> events(String query) {
    var list = new ArrayList<JsonNode>();
    api.get("/imprint/v1/events?" + query).body().path("events").forEach(list::add);
    return list;
  }

  private static List<String> field(List<JsonNode> events, String name) {
    return events.stream().map(event -> event.path(name).asText()).toList();
  }

  /** The action column, once the rows are there. */
  private static List<String> actions() {
    var shown = rows();
    assertThat(shown.first()).isVisible();
    return shown.locator("td:nth-child(2)").allTextContents();
  }

  private static Page page() {
    return console.page();
  }

  private static Page.GetByLabelOptions exact() {
    return new Page.GetByLabelOptions().setExact(true);
  }

  private static Page.GetByRoleOptions button(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Page.GetByRoleOptions link(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator rows() {
    return page().locator("#event-rows > tr:not(.event-full)");
  }

  /** The value beside {@code key} in an opened event. */
  private static Locator valueOf(Locator full, String key) {
    return full.locator("dt")
        .filter(
            new Locator.FilterOptions()
                .setHasText(Pattern.compile("^" + key.replace(".", "\\.") + "$")))
        .locator("xpath=following-sibling::dd[1]");
  }
}
