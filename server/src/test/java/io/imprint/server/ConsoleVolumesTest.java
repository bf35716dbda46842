package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The volumes list and a volume's details in Chromium, above all when they offer an image of the
 * volume: only of a stopped instance's boot volume, as the API accepts, and otherwise the reason.
 */
class ConsoleVolumesTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;

  @BeforeAll
  static void use_the_administrator() {
    api = console.api();
  }

  @Test
  void the_volumes_list_offers_an_image_of_a_stopped_instance_s_boot_volume_only() {
    var stopped = bootVolume(Instances.stopped(api, "stopped-for-list"));
    var data = volume("data-of-running");
    var running = Instances.running(api, "running-for-list", List.of(data));
    var runningBoot = bootVolume(running);
    var blank = volume("blank-unattached");
    console.open("#/volumes");

    var stoppedRow = openMenu(stopped.path("name").asText());
    assertThat(stoppedRow.getByRole(AriaRole.LINK, link("Create image")))
        .hasAttribute("href", "#/images/create?volume=" + stopped.path("id").asText());
    assertThat(stoppedRow.locator("td").nth(4)).hasText("stopped-for-list");
    assertThat(stoppedRow.locator("td").nth(5)).hasText("Boot");
    assertThat(stoppedRow.locator("td").nth(2)).hasText(stopped.path("capacity").asText() + " GB");

    assertCannotCapture(
        runningBoot.path("name").asText(),
        "Instance running-for-list is running; stop it before creating an image from its boot"
            + " volume.");
    assertCannotCapture(
        "data-of-running",
        "Volume data-of-running is a data volume; an image can be made only from an instance's"
            + " boot volume.");
    assertThat(row("data-of-running").locator("td").nth(5)).hasText("Data");
    Accessibility.assertAccessible(page());
    assertCannotCapture(
        "blank-unattached",
        "Volume blank-unattached has no operating system; only a boot volume made from an image"
            + " can become an image.");
    assertThat(row("blank-unattached").locator("td").nth(4)).hasText("—");
    assertThat(api.get("/v1/volumes/" + blank).status()).isEqualTo(200);
  }

  @Test
  void the_console_names_the_same_obstacle_as_the_api_when_the_instance_runs() {
    var running = bootVolume(Instances.running(api, "running-asked-anyway"));
    var refusal =
        api.post(
            "/v1/images",
            obj(
                "name",
                "not-while-running",
                "source_volume",
                obj("id", running.path("id").asText())));
    assertThat(refusal.errorCode()).isEqualTo("instance_not_stopped");
    console.open("#/volumes/" + running.path("id").asText());

    assertThat(page().locator("#volume-actions .reason")).hasText(refusal.errorMessage());
  }

  @Test
  void a_volume_s_details_show_its_source_image_its_instance_and_its_tags() {
    var instance = Instances.stopped(api, "holder-of-details");
    var volume = bootVolume(instance);
    var id = volume.path("id").asText();
    var tagged = api.patch("/v1/volumes/" + id, obj("user_tags", List.of("env:console")));
    assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
    console.open("#/volumes");

    page().getByRole(AriaRole.LINK, pageLink(volume.path("name").asText())).click();

    assertThat(page()).hasURL(Pattern.compile("#/volumes/" + id + "$"));
    assertThat(page().getByRole(AriaRole.HEADING, heading(volume.path("name").asText())))
        .isFocused();
    var fields = page().locator("#volume-fields");
    assertThat(fields).containsText(id);
    assertThat(fields).containsText(volume.path("crn").asText());
    assertThat(fields).containsText("Provider managed");
    assertThat(fields.getByRole(AriaRole.LINK, link(Instances.STOCK_IMAGE)))
        .hasAttribute("href", "#/images/" + Instances.stockImage(api));
    assertThat(page().locator("#volume-attachments")).hasText("Boot volume of holder-of-details");
    assertThat(page().locator("#volume-tags")).hasText("env:console");
    assertThat(page().locator("#volume-actions").getByRole(AriaRole.LINK, link("Create image")))
        .hasAttribute("href", "#/images/create?volume=" + id);
    Accessibility.assertAccessible(page());

    page().locator("#volume-attachments").getByRole(AriaRole.LINK).click();
    assertThat(page().getByRole(AriaRole.HEADING, heading("holder-of-details"))).isVisible();
  }

  @Test
  void a_volume_s_create_image_link_opens_the_create_image_form_with_that_volume_chosen() {
    var volume = bootVolume(Instances.stopped(api, "followed-to-capture"));
    var name = volume.path("name").asText();
    console.open("#/volumes");

    openMenu(name).getByRole(AriaRole.LINK, link("Create image")).click();

    assertThat(page())
        .hasURL(Pattern.compile("#/images/create\\?volume=" + volume.path("id").asText() + "$"));
    var form = page().locator("#image-create");
    assertThat(form.getByLabel("Block Storage boot volume")).isChecked();
    assertThat(form.getByLabel(name, new Locator.GetByLabelOptions().setExact(true))).isChecked();
  }

  @Test
  void an_image_s_details_link_the_volume_it_was_made_from() {
    var volume = bootVolume(Instances.stopped(api, "source-of-an-image"));
    var image =
        api.post(
            "/v1/images",
            obj(
                "name",
                "made-from-a-volume",
                "source_volume",
                obj("id", volume.path("id").asText())));
    assertThat(image.status()).as(image.raw()).isEqualTo(201);
    console.open("#/images/" + image.body().path("id").asText());

    page()
        .locator("#details-fields")
        .getByRole(AriaRole.LINK, link(volume.path("name").asText()))
        .click();

    assertThat(page()).hasURL(Pattern.compile("#/volumes/" + volume.path("id").asText() + "$"));
    assertThat(page().getByRole(AriaRole.HEADING, heading(volume.path("name").asText())))
        .isVisible();
  }

  // ---- preparing volumes through the API

  private static JsonNode bootVolume(JsonNode instance) {
    var id = instance.at("/boot_volume_attachment/volume/id").asText();
    return api.get("/v1/volumes/" + id).body();
  }

  /** A blank volume: no operating system, so never an image's source. */
  private static String volume(String name) {
    var created =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                name,
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  // ---- the page

  private static Page page() {
    return console.page();
  }

  private static Locator row(String name) {
    return page()
        .locator("#volume-rows tr")
        .filter(
            new Locator.FilterOptions().setHas(page().getByRole(AriaRole.LINK, pageLink(name))));
  }

  private static Locator openMenu(String name) {
    var row = row(name);
    row.getByLabel("Actions for " + name).click();
    return row;
  }

  /** The row's Create image is there but cannot be followed, and says why. */
  private static void assertCannotCapture(String name, String reason) {
    var capture = openMenu(name).getByRole(AriaRole.LINK, link("Create image"));
    assertThat(capture).hasAttribute("aria-disabled", "true");
    assertThat(capture).not().hasAttribute("href", Pattern.compile(".*"));
    assertThat(capture).hasAccessibleDescription(reason);
    assertThat(row(name).locator(".reason")).isVisible();
    page().keyboard().press("Escape");
  }

  private static Page.GetByRoleOptions heading(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1);
  }

  private static Page.GetByRoleOptions pageLink(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByRoleOptions link(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }
}
