package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The images list asks the server for one page and the counts per status, whatever the number of
 * images: chips, search, order and pages are queries. Each test puts its images in a resource group
 * of its own and picks it in the switcher, so that its counts are its own.
 */
class ConsoleImageListTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;

  private Page page;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void use_the_administrator() {
    api = console.api();
  }

  @BeforeEach
  void note_what_the_page_asks() {
    page = console.page();
    page.onRequest(request -> requests.add(request.url()));
  }

  @Test
  void the_status_chips_show_the_servers_counts_and_a_chip_lists_only_its_status() {
    var group = group();
    insert(
        image(group, "chip-a1", ImageStatus.AVAILABLE),
        image(group, "chip-a2", ImageStatus.AVAILABLE),
        image(group, "chip-a3", ImageStatus.AVAILABLE),
        image(group, "chip-d1", ImageStatus.DEPRECATED),
        image(group, "chip-d2", ImageStatus.DEPRECATED),
        image(group, "chip-o1", ImageStatus.OBSOLETE),
        image(group, "chip-p1", ImageStatus.PENDING));
    signInTo(group);

    assertThat(chip("All")).hasText("All (7)");
    assertThat(chip("Available")).hasText("Available (3)");
    assertThat(chip("Deprecated")).hasText("Deprecated (2)");
    assertThat(chip("Obsolete")).hasText("Obsolete (1)");
    assertThat(chip("Pending")).hasText("Pending (1)");
    for (var none : List.of("Failed", "Deleting", "Unusable", "Partially available")) {
      assertThat(chip(none)).hasText(none + " (0)");
    }

    Accessibility.assertAccessible(page);

    chip("Deprecated").click();
    assertThat(chip("Deprecated")).hasAttribute("aria-pressed", "true");
    assertThat(rows()).hasCount(2);
    assertThat(rows().locator("td:nth-child(2)"))
        .hasText(new String[] {"Deprecated", "Deprecated"});
    assertThat(page.locator("#image-count")).hasText("1–2 of 2");
    // the other counts stay
    assertThat(chip("Available")).hasText("Available (3)");

    chip("Deprecated").click();
    assertThat(chip("Deprecated")).hasAttribute("aria-pressed", "false");
    assertThat(rows()).hasCount(7);
    assertThat(requests)
        .as("one page at a time, with the counts from the server")
        .anyMatch(url -> url.contains("/imprint/v1/images/status_counts?"))
        .noneMatch(url -> url.contains("limit=100"));
  }

  @Test
  void searching_finds_images_by_part_of_their_name_in_any_case_with_their_tags_names_as_text() {
    var group = group();
    var markup = "find-<b>bold</b>";
    insert(
        image(group, "find-web-1", ImageStatus.AVAILABLE),
        image(group, "find-WEB-2", ImageStatus.DEPRECATED),
        image(group, "find-db-1", ImageStatus.AVAILABLE),
        image(group, markup, ImageStatus.AVAILABLE));
    var crn = api.get("/v1/images?name=find-web-1").body().at("/images/0/crn").asText();
    api.post(
        "/v3/tags/attach?tag_type=user",
        obj("resources", List.of(obj("resource_id", crn)), "tag_names", List.of("env:prod")));
    signInTo(group);

    ConsoleTest.search(page, "Web");
    assertThat(names()).hasText(new String[] {"find-WEB-2", "find-web-1"});
    assertThat(
            page.getByRole(
                AriaRole.LIST, new Page.GetByRoleOptions().setName("Tags of find-web-1")))
        .hasText("env:prod");
    // the counts follow the search
    assertThat(chip("All")).hasText("All (2)");
    assertThat(chip("Deprecated")).hasText("Deprecated (1)");

    ConsoleTest.search(page, "<b>");
    assertThat(names()).hasText(new String[] {markup});
    assertThat(page.locator("#image-rows b")).hasCount(0);

    ConsoleTest.search(page, "no image is called this");
    assertThat(page.getByText("No images match.")).isVisible();
    assertThat(page.locator("#image-count")).hasText("0 of 0");
  }

  @Test
  void the_name_and_created_headers_sort_the_list_both_ways() {
    var group = group();
    insert(
        Images.created("sort-b", group, Instant.parse("2026-01-03T00:00:00Z")),
        Images.created("sort-c", group, Instant.parse("2026-01-01T00:00:00Z")),
        Images.created("sort-a", group, Instant.parse("2026-01-02T00:00:00Z")));
    signInTo(group);
    var name = header("Name");
    var created = header("Created");

    assertThat(created).hasAttribute("aria-sort", "descending");
    assertThat(names()).hasText(new String[] {"sort-b", "sort-a", "sort-c"});

    sortBy("Name");
    assertThat(name).hasAttribute("aria-sort", "ascending");
    assertThat(created).hasAttribute("aria-sort", "none");
    assertThat(names()).hasText(new String[] {"sort-a", "sort-b", "sort-c"});
    sortBy("Name");
    assertThat(name).hasAttribute("aria-sort", "descending");
    assertThat(names()).hasText(new String[] {"sort-c", "sort-b", "sort-a"});

    sortBy("Created");
    assertThat(created).hasAttribute("aria-sort", "descending");
    sortBy("Created");
    assertThat(created).hasAttribute("aria-sort", "ascending");
    assertThat(names()).hasText(new String[] {"sort-c", "sort-a", "sort-b"});
  }

  @Test
  void twenty_five_images_page_by_ten_forwards_and_back() {
    var group = group();
    insert(
        IntStream.range(0, 25)
            .mapToObj(i -> image(group, String.format("page-%02d", i), ImageStatus.AVAILABLE))
            .toArray(Image[]::new));
    signInTo(group);
    sortBy("Name");
    page.getByLabel("Items per page").selectOption("10");
    var count = page.locator("#image-count");
    var previous = button("Previous page");
    var next = button("Next page");

    assertThat(count).hasText("1–10 of 25");
    assertThat(names().first()).hasText("page-00");
    assertThat(previous).isDisabled();
    next.click();
    assertThat(count).hasText("11–20 of 25");
    assertThat(names().first()).hasText("page-10");
    next.click();
    assertThat(count).hasText("21–25 of 25");
    assertThat(names()).hasCount(5);
    assertThat(names().last()).hasText("page-24");
    assertThat(next).isDisabled();
    previous.click();
    assertThat(count).hasText("11–20 of 25");
    assertThat(names().first()).hasText("page-10");
    previous.click();
    assertThat(count).hasText("1–10 of 25");
    assertThat(previous).isDisabled();

    page.getByLabel("Items per page").selectOption("50");
    assertThat(rows()).hasCount(25);
    assertThat(next).isDisabled();
    assertThat(requests.stream().filter(u -> u.contains("/imprint/v1/images?")))
        .allMatch(u -> u.matches(".*[?&]limit=(10|20|50)(&.*)?$"));
  }

  @Test
  void view_checksum_shows_the_sha256_to_copy_or_says_it_is_not_computed_yet() {
    page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
    var group = group();
    insert(
        image(group, "sum-available", ImageStatus.AVAILABLE),
        image(group, "sum-pending", ImageStatus.PENDING));
    signInTo(group);

    rowAction("sum-available", "View checksum");
    var dialog = dialog("Checksum of sum-available");
    var sha256 = Images.sha256("sum-available");
    assertThat(dialog.getByLabel("SHA-256 of the image's content")).hasValue(sha256);
    dialog.getByRole(AriaRole.BUTTON, exact("Copy")).click();
    assertThat(dialog).containsText("Copied to the clipboard.");
    assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(sha256);
    Accessibility.assertAccessible(page);
    dialog.getByRole(AriaRole.BUTTON, exact("Close")).click();
    assertThat(dialog).isHidden();

    rowAction("sum-pending", "View checksum");
    var pending = dialog("Checksum of sum-pending");
    assertThat(pending).containsText("Not computed yet");
    assertThat(pending.getByRole(AriaRole.BUTTON, exact("Copy"))).isHidden();
    page.keyboard().press("Escape");
    assertThat(pending).isHidden();
  }

  @Test
  void create_instance_links_to_the_instance_page_for_available_and_deprecated_images_only() {
    var group = group();
    var available = image(group, "make-available", ImageStatus.AVAILABLE);
    var deprecated = image(group, "make-deprecated", ImageStatus.DEPRECATED);
    insert(available, deprecated, image(group, "make-obsolete", ImageStatus.OBSOLETE));
    signInTo(group);

    for (var image : List.of(available, deprecated)) {
      var link = openActions(image.name()).getByRole(AriaRole.LINK, exact("Create instance"));
      assertThat(link).hasAttribute("href", "#/instances/create?image=" + image.id());
    }
    var obsolete = openActions("make-obsolete");
    assertThat(obsolete.getByRole(AriaRole.BUTTON, exact("View checksum"))).isVisible();
    assertThat(obsolete.getByRole(AriaRole.LINK, exact("Create instance"))).hasCount(0);
  }

  @Test
  void an_answer_to_an_earlier_search_that_comes_late_is_dropped() {
    var group = group();
    insert(
        image(group, "late-alpha", ImageStatus.AVAILABLE),
        image(group, "late-beta", ImageStatus.AVAILABLE));
    signInTo(group);
    var held = new ArrayList<Route>();
    page.route(
        Pattern.compile(".*/imprint/v1/images\\?.*search=late-alpha.*"), route -> held.add(route));

    page.getByLabel("Search by name").fill("late-alpha");
    page.waitForCondition(() -> !held.isEmpty());
    ConsoleTest.search(page, "late-beta");
    assertThat(names()).hasText(new String[] {"late-beta"});

    page.waitForResponse(
        response -> response.url().contains("search=late-alpha"),
        () -> held.forEach(Route::resume));
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "false");
    assertThat(names()).hasText(new String[] {"late-beta"});
    assertThat(page.getByLabel("Search by name")).hasValue("late-beta");
  }

  // ---- images in a group of the test's own

  private static String group() {
    var created =
        api.post(
            "/v2/resource_groups",
            obj("name", "list-" + UUID.randomUUID().toString().substring(0, 8)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  private static Image image(String group, String name, ImageStatus status) {
    return Images.custom(name, status, group);
  }

  private static void insert(Image... images) {
    Images.insert(console.server().server().store(), List.of(images));
  }

  // ---- the page

  private void signInTo(String group) {
    console.signIn(TestServer.ADMIN_APIKEY);
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "false");
    page.locator("#resource-group").selectOption(group);
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "false");
    assertThat(page.locator("#image-rows tr").first()).isAttached();
  }

  private Locator rows() {
    return page.locator("#image-rows tr");
  }

  private Locator names() {
    return page.locator("#image-rows td:first-child a");
  }

  private Locator chip(String status) {
    return page.locator("#status-chips")
        .getByRole(
            AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^" + status + " \\(")));
  }

  private Locator header(String name) {
    return page.getByRole(
        AriaRole.COLUMNHEADER, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private void sortBy(String column) {
    header(column).getByRole(AriaRole.BUTTON).click();
    assertThat(page.locator("#image-table")).hasAttribute("aria-busy", "false");
  }

  private Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
  }

  private Locator openActions(String name) {
    ConsoleTest.search(page, name);
    var row =
        rows()
            .filter(
                new Locator.FilterOptions()
                    .setHas(
                        page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName(name).setExact(true))));
    row.getByLabel("Actions for " + name).click();
    return row;
  }

  private void rowAction(String name, String action) {
    openActions(name).getByRole(AriaRole.BUTTON, exact(action)).click();
  }

  private Locator dialog(String title) {
    return page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(title));
  }

  private static Locator.GetByRoleOptions exact(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }
}
