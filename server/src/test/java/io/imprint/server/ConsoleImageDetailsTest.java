package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.imprint.core.domain.image.ImageStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image's details, its lifecycle panel, rename and delete, in Debian's Chromium: the same setup
 * as {@link ConsoleTest}, one browser for the class and a fresh context per test.
 */
class ConsoleImageDetailsTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static TestServer server;
  private static Api api;
  private static String group;
  private static String subnet;

  private Page page;

  @BeforeAll
  static void find_the_default_group_and_a_subnet() {
    server = console.server();
    api = server.api();
    group = api.get("/v2/resource_groups").body().at("/resources/0/id").asText();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
  }

  @BeforeEach
  void use_the_fresh_page() {
    page = console.page();
  }

  @Test
  void opening_an_image_shows_its_fields_who_uses_it_its_events_and_its_timeline() {
    var id = imported("details-of-me");
    var instance = instanceFrom(id, "uses-details-of-me");
    var in10Days = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    assertThat(api.patch(image(id), obj("deprecation_at", in10Days.toString())).status())
        .isEqualTo(200);
    var image = api.get(image(id)).body();
    signIn();

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("details-of-me")).click();

    assertThat(page).hasURL(Pattern.compile("#/images/" + id + "$"));
    assertThat(page.getByRole(AriaRole.HEADING, heading("details-of-me"))).isVisible();
    var fields = page.locator("#details-fields");
    assertThat(fields).containsText(id);
    assertThat(fields).containsText(image.path("crn").asText());
    assertThat(fields).containsText(image.at("/file/checksums/sha256").asText());
    assertThat(fields).containsText("Available");
    assertThat(fields).containsText(image.at("/operating_system/architecture").asText());
    assertThat(fields).containsText("none (imported from a file)");
    assertThat(page.locator("#details-consumers")).containsText("Instance uses-details-of-me");
    assertThat(page.locator("#details-consumers"))
        .containsText(instance.at("/boot_volume_attachment/volume/name").asText());
    assertThat(page.locator("#details-events")).containsText("is.image.image.create");
    assertThat(page.locator("#details-events")).containsText("is.image.image.update");
    var timeline = page.locator("#details-timeline");
    assertThat(timeline.locator(".point.past[data-point=created]")).hasCount(1);
    assertThat(timeline.locator(".point.scheduled[data-point=deprecation]")).hasCount(1);
    assertThat(timeline.locator(".now")).hasCount(1);
    assertThat(timeline.locator("li.scheduled")).containsText("Deprecation:");
    assertThat(page.locator("#image-rows")).isHidden();
    Accessibility.assertAccessible(page);

    page.goBack();
    assertThat(page.locator("#images")).isVisible();
    page.goForward();
    assertThat(page.getByRole(AriaRole.HEADING, heading("details-of-me"))).isVisible();
  }

  @Test
  void scheduling_a_deprecation_in_ten_days_from_the_list_draws_it_on_the_timeline() {
    var id = available("deprecate-in-ten-days");
    signIn();

    rowAction("deprecate-in-ten-days", "Schedule lifecycle");
    var dialog = dialog("Schedule image lifecycle");
    dialog.getByLabel("Image status").selectOption("deprecated");
    dialog.getByLabel("In a number of days").check();
    dialog.getByLabel("Number of days", new Locator.GetByLabelOptions().setExact(true)).fill("10");
    Accessibility.assertAccessible(page);
    dialog.getByRole(AriaRole.BUTTON, button("Save")).click();
    assertThat(dialog).isHidden();

    var deprecationAt = Instant.parse(api.get(image(id)).body().path("deprecation_at").asText());
    assertThat(deprecationAt)
        .isCloseTo(
            Instant.now().plus(10, ChronoUnit.DAYS),
            org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    assertThat(row("deprecate-in-ten-days").locator("td").nth(1)).hasText("Available");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("deprecate-in-ten-days"))
        .click();
    var timeline = page.locator("#details-timeline");
    assertThat(timeline.locator(".point.scheduled[data-point=deprecation]")).hasCount(1);
  }

  @Test
  void deprecating_now_moves_the_image_from_one_status_chip_to_the_other() {
    available("deprecate-me-now");
    signIn();
    var deprecated = count("Deprecated");
    var available = count("Available");

    rowAction("deprecate-me-now", "Schedule lifecycle");
    var dialog = dialog("Schedule image lifecycle");
    dialog.getByLabel("Image status").selectOption("deprecated");
    assertThat(dialog.getByLabel("Immediately")).isChecked();
    dialog.getByRole(AriaRole.BUTTON, button("Save")).click();

    assertThat(row("deprecate-me-now").locator("td").nth(1)).hasText("Deprecated");
    // counted within the search
    assertThat(chip("Deprecated")).hasText("Deprecated (1)");
    assertThat(chip("Available")).hasText("Available (0)");
    ConsoleTest.search(page, "");
    assertThat(chip("Deprecated")).hasText("Deprecated (" + (deprecated + 1) + ")");
    assertThat(chip("Available")).hasText("Available (" + (available - 1) + ")");
  }

  @Test
  void scheduling_the_complete_lifecycle_by_date_sets_both_dates() {
    var id = available("whole-life");
    signIn();
    openDetails("whole-life");

    page.getByRole(AriaRole.BUTTON, pageButton("Schedule lifecycle")).click();
    var dialog = dialog("Schedule image lifecycle");
    dialog.getByLabel("Complete lifecycle").check();
    dialog.getByLabel("At a date and time").check();
    var deprecation = LocalDateTime.now().plusDays(30).truncatedTo(ChronoUnit.MINUTES);
    var obsolescence = deprecation.plusDays(60);
    dialog.getByLabel("Deprecation date and time").fill(local(deprecation));
    dialog.getByLabel("Obsolescence date and time").fill(local(obsolescence));
    dialog.getByRole(AriaRole.BUTTON, button("Save")).click();
    assertThat(dialog).isHidden();

    var timeline = page.locator("#details-timeline");
    assertThat(timeline.locator(".point.scheduled[data-point=deprecation]")).hasCount(1);
    assertThat(timeline.locator(".point.scheduled[data-point=obsolescence]")).hasCount(1);
    var image = api.get(image(id)).body();
    assertThat(Instant.parse(image.path("deprecation_at").asText()))
        .isEqualTo(deprecation.atZone(ZoneId.systemDefault()).toInstant());
    assertThat(Instant.parse(image.path("obsolescence_at").asText()))
        .isEqualTo(obsolescence.atZone(ZoneId.systemDefault()).toInstant());
  }

  @Test
  void resetting_a_scheduled_deprecation_clears_it() {
    var id = available("reset-my-date");
    var in5Days = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    api.patch(image(id), obj("deprecation_at", in5Days.toString()));
    signIn();
    openDetails("reset-my-date");
    assertThat(page.locator("#details-timeline .point[data-point=deprecation]")).hasCount(1);

    page.getByRole(AriaRole.BUTTON, pageButton("Schedule lifecycle")).click();
    var dialog = dialog("Schedule image lifecycle");
    dialog
        .getByRole(
            AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^Reset deprecation date")))
        .click();
    assertThat(dialog).isHidden();

    assertThat(page.locator("#details-timeline"))
        .containsText("No deprecation or obsolescence is scheduled.");
    assertThat(api.get(image(id)).body().has("deprecation_at")).isFalse();
  }

  @Test
  void an_obsolete_image_offers_no_status_only_the_reset_that_takes_it_back() {
    var id = available("past-its-life");
    api.post(image(id) + "/deprecate", null);
    api.post(image(id) + "/obsolete", null);
    signIn();
    openDetails("past-its-life");

    page.getByRole(AriaRole.BUTTON, pageButton("Schedule lifecycle")).click();
    var dialog = dialog("Schedule image lifecycle");
    assertThat(dialog).containsText("No status can be reached from this one");
    assertThat(dialog.getByLabel("Image status")).isHidden();
    assertThat(dialog.getByRole(AriaRole.BUTTON, button("Save"))).isDisabled();
    dialog
        .getByRole(
            AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^Reset obsolescence date")))
        .click();

    assertThat(dialog).isHidden();
    assertThat(page.locator("#details-fields")).containsText("Deprecated");
    assertThat(api.get(image(id)).body().path("status").asText()).isEqualTo("deprecated");
  }

  @Test
  void an_obsolescence_before_the_deprecation_is_refused_before_anything_is_sent() {
    var id = available("backwards-life");
    signIn();
    var patches = new ArrayList<String>();
    page.onRequest(
        request -> {
          if (request.method().equals("PATCH")) {
            patches.add(request.url());
          }
        });

    rowAction("backwards-life", "Schedule lifecycle");
    var dialog = dialog("Schedule image lifecycle");
    dialog.getByLabel("Complete lifecycle").check();
    dialog.getByLabel("Deprecation in days").fill("10");
    dialog.getByLabel("Obsolescence in days").fill("5");
    dialog.getByRole(AriaRole.BUTTON, button("Save")).click();

    assertThat(dialog.getByRole(AriaRole.ALERT))
        .containsText("The obsolescence must come after the deprecation.");
    assertThat(dialog).isVisible();
    assertThat(patches).isEmpty();
    var image = api.get(image(id)).body();
    assertThat(image.has("deprecation_at") || image.has("obsolescence_at")).isFalse();
  }

  @Test
  void deleting_an_image_names_what_was_made_from_it_before_it_goes() {
    var id = imported("delete-me-used");
    instanceFrom(id, "made-from-delete-me");
    signIn();
    openDetails("delete-me-used");

    page.getByRole(AriaRole.BUTTON, pageButton("Delete")).click();
    var dialog = dialog("Delete delete-me-used?");
    assertThat(dialog).containsText("Instance made-from-delete-me");
    dialog.getByRole(AriaRole.BUTTON, button("Delete")).click();

    assertThat(page.locator("#images")).isVisible();
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("delete-me-used")))
        .hasCount(0);
    api.awaitStatus(image(id), 404);
  }

  @Test
  void deleting_a_queued_capture_cancels_it_and_frees_its_instance() {
    var instance = stoppedInstance("capture-me-vm");
    var volume = instance.at("/boot_volume_attachment/volume/id").asText();
    // no worker may pick the capture up: it stays queued while the user deletes it
    server.server().jobs().pause();
    try {
      var id =
          api.post(
                  "/v1/images",
                  obj("name", "capture-to-cancel", "source_volume", obj("id", volume)))
              .body()
              .path("id")
              .asText();
      signIn();
      assertThat(row("capture-to-cancel").locator("td").nth(1)).hasText("Pending");

      rowAction("capture-to-cancel", "Delete");
      var dialog = dialog("Delete capture-to-cancel?");
      assertThat(dialog).containsText("deleting it cancels the capture");
      dialog.getByRole(AriaRole.BUTTON, button("Delete")).click();

      assertThat(dialog).isHidden();
      assertThat(row("capture-to-cancel")).hasCount(0);
      assertThat(api.get(image(id)).status()).isEqualTo(404);
      var freed = api.get("/v1/instances/" + instance.path("id").asText()).body();
      assertThat(freed.path("startable").asBoolean()).isTrue();
    } finally {
      server.server().jobs().resume();
    }
  }

  @Test
  void renaming_to_a_taken_name_shows_the_api_s_refusal() {
    available("taken-name");
    var id = available("wants-a-taken-name");
    var refusal = api.patch(image(id), obj("name", "taken-name"));
    assertThat(refusal.status()).isBetween(400, 499);
    signIn();

    rowAction("wants-a-taken-name", "Rename");
    var dialog = dialog("Rename wants-a-taken-name");
    dialog.getByLabel("New name").fill("taken-name");
    dialog.getByRole(AriaRole.BUTTON, button("Rename")).click();

    assertThat(dialog.getByRole(AriaRole.ALERT)).containsText(refusal.errorMessage());
    assertThat(dialog.locator(".error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(api.get(image(id)).body().path("name").asText()).isEqualTo("wants-a-taken-name");
  }

  @Test
  void renaming_from_the_details_page_shows_the_new_name() {
    var id = available("old-details-name");
    signIn();
    openDetails("old-details-name");

    page.getByRole(AriaRole.BUTTON, pageButton("Rename")).click();
    var dialog = dialog("Rename old-details-name");
    dialog.getByLabel("New name").fill("new-details-name");
    dialog.getByRole(AriaRole.BUTTON, button("Rename")).click();

    assertThat(page.getByRole(AriaRole.HEADING, heading("new-details-name"))).isVisible();
    assertThat(api.get(image(id)).body().path("name").asText()).isEqualTo("new-details-name");
  }

  @Test
  void tags_are_added_and_removed_on_the_details_page_and_a_bad_one_shows_the_api_s_message() {
    var id = available("tag-me");
    var crn = api.get(image(id)).body().path("crn").asText();
    signIn();
    openDetails("tag-me");
    var tags = page.locator("#details-tags");
    assertThat(tags).hasText("No tags.");

    page.getByLabel("Add a tag").fill("Env:Prod");
    page.getByRole(AriaRole.BUTTON, pageButton("Add tag")).click();
    assertThat(tags.locator("li")).hasText("env:prod×");
    assertThat(api.get("/v3/tags?tag_type=user&attached_to=" + crn).body().toString())
        .contains("env:prod");

    page.getByLabel("Add a tag").fill("no/slashes");
    page.getByRole(AriaRole.BUTTON, pageButton("Add tag")).click();
    var refusal =
        api.post(
            "/v3/tags/attach?tag_type=user",
            obj("resources", List.of(obj("resource_id", crn)), "tag_names", List.of("no/slashes")));
    assertThat(refusal.status()).isEqualTo(400);
    assertThat(page.locator("#error-message")).hasText(refusal.errorMessage());
    assertThat(page.locator("#error-trace")).hasText(Pattern.compile("\\S{8,}"));

    page.getByRole(AriaRole.BUTTON, pageButton("Remove tag env:prod")).click();
    assertThat(tags).hasText("No tags.");
    assertThat(api.get("/v3/tags?tag_type=user&attached_to=" + crn).body().path("items").size())
        .isZero();
  }

  @Test
  void an_image_named_like_markup_is_shown_as_text_on_its_details_page() {
    var markup = "<img src=x onerror=document.title='owned'>";
    available(markup);
    signIn();

    openDetails(markup);

    assertThat(page.locator("#details-fields")).containsText(markup);
    assertThat(page.locator("#image-details img")).hasCount(0);
    assertThat(page.title()).isEqualTo("Imprint console");
  }

  // ---- preparing images through the API and the store

  private static String image(String id) {
    return "/v1/images/" + id;
  }

  /** An available custom image, straight in the store: no content needed to show or re-date it. */
  private static String available(String name) {
    var image = Images.custom(name, ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    return image.id();
  }

  /** A custom image imported from a small file, with real content, so instances can use it. */
  private static String imported(String name) {
    try {
      var file = server.dataDir().resolve("import").resolve(name + ".img");
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1, 2, 3, 4});
      var id =
          api.post(
                  "/v1/images",
                  obj(
                      "name",
                      name,
                      "resource_group",
                      obj("id", group),
                      "file",
                      obj("href", file.toUri().toString()),
                      "operating_system",
                      obj("name", "debian-12-amd64")))
              .body()
              .path("id")
              .asText();
      api.awaitField(image(id), "status", "available");
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode instanceFrom(String imageId, String name) {
    var created =
        api.post(
            "/v1/instances",
            obj(
                "name",
                name,
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", imageId),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(created.status()).isEqualTo(201);
    return created.body();
  }

  private static JsonNode stoppedInstance(String name) {
    var stock =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
    var id = instanceFrom(stock, name).path("id").asText();
    api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    return api.awaitField("/v1/instances/" + id, "status", "stopped").body();
  }

  // ---- the page

  private void signIn() {
    ConsoleTest.signIn(page, server, TestServer.ADMIN_APIKEY);
    assertThat(page.locator("#image-rows tr").first()).isAttached();
  }

  private Locator row(String name) {
    return page.locator("#image-rows tr")
        .filter(
            new Locator.FilterOptions()
                .setHas(
                    page.getByRole(
                        AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))));
  }

  private void rowAction(String name, String action) {
    ConsoleTest.search(page, name);
    var row = row(name);
    row.getByLabel("Actions for " + name).click();
    row.getByRole(AriaRole.BUTTON, button(action)).click();
  }

  private void openDetails(String name) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    assertThat(page.getByRole(AriaRole.HEADING, heading(name))).isVisible();
  }

  private Locator dialog(String title) {
    return page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(title));
  }

  private Locator chip(String status) {
    return page.locator("#status-chips")
        .getByRole(
            AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName(Pattern.compile("^" + status + " \\(")));
  }

  private int count(String status) {
    var text = chip(status).textContent();
    return Integer.parseInt(text.replaceAll("\\D", ""));
  }

  private static Page.GetByRoleOptions heading(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1);
  }

  private static Locator.GetByRoleOptions button(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Page.GetByRoleOptions pageButton(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static String local(LocalDateTime moment) {
    return moment.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
  }
}
