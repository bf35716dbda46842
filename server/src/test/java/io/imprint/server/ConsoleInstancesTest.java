package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.domain.image.ImageStatus;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The instances list, an instance's details and the create-instance form, in Chromium. */
class ConsoleInstancesTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;
  private static String group;
  private static String stockImage;

  @BeforeAll
  static void find_the_default_group_and_a_stock_image() {
    api = console.api();
    group = api.get("/v2/resource_groups").body().at("/resources/0/id").asText();
    stockImage = Instances.stockImage(api);
  }

  @Test
  void stopping_and_starting_an_instance_from_the_list_changes_its_status() {
    var id = runningInstance("power-from-list").path("id").asText();
    console.open("#/instances");
    var row = row("power-from-list");
    assertThat(row.locator("td").nth(1)).hasText("Running");

    Accessibility.assertAccessible(page());
    rowAction("power-from-list", "Stop");
    assertThat(row.locator("td").nth(1)).hasText("Stopped");
    assertThat(api.get("/v1/instances/" + id).body().path("status").asText()).isEqualTo("stopped");

    rowAction("power-from-list", "Start");
    assertThat(row.locator("td").nth(1)).hasText("Running");
    assertThat(page().getByRole(AriaRole.ALERT)).isHidden();
  }

  @Test
  void an_instance_s_row_offers_an_image_of_it_and_only_the_power_actions_its_status_allows() {
    var id = runningInstance("menu-of-running").path("id").asText();
    console.open("#/instances");

    var row = row("menu-of-running");
    row.getByLabel("Actions for menu-of-running").click();
    assertThat(row.getByRole(AriaRole.BUTTON, button("Start"))).isDisabled();
    assertThat(row.getByRole(AriaRole.BUTTON, button("Stop"))).isEnabled();
    assertThat(row.getByRole(AriaRole.BUTTON, button("Reboot"))).isEnabled();
    assertThat(row.getByRole(AriaRole.LINK, link("Create image")))
        .hasAttribute("href", "#/images/create?instance=" + id);
    page().keyboard().press("Escape");
    assertThat(row.getByRole(AriaRole.BUTTON, button("Stop"))).isHidden();
    assertThat(row.getByLabel("Actions for menu-of-running")).isFocused();
  }

  @Test
  void an_instance_s_details_link_its_image_and_its_boot_volume() {
    var instance = runningInstance("details-of-vm");
    var id = instance.path("id").asText();
    var volume = instance.at("/boot_volume_attachment/volume");
    console.open("#/instances");

    page().getByRole(AriaRole.LINK, pageLink("details-of-vm")).click();

    assertThat(page()).hasURL(Pattern.compile("#/instances/" + id + "$"));
    assertThat(page().getByRole(AriaRole.HEADING, heading("details-of-vm"))).isFocused();
    var fields = page().locator("#instance-fields");
    assertThat(fields).containsText(id);
    assertThat(fields).containsText(instance.path("crn").asText());
    assertThat(fields).containsText("Running");
    assertThat(fields).containsText(instance.at("/primary_network_interface/subnet/name").asText());
    assertThat(fields.getByRole(AriaRole.LINK, link(Instances.STOCK_IMAGE)))
        .hasAttribute("href", "#/images/" + stockImage);
    assertThat(page().getByRole(AriaRole.LINK, pageLink("Create image")))
        .hasAttribute("href", "#/images/create?instance=" + id);
    Accessibility.assertAccessible(page());

    fields.getByRole(AriaRole.LINK, link(volume.path("name").asText())).click();
    assertThat(page()).hasURL(Pattern.compile("#/volumes/" + volume.path("id").asText() + "$"));
    assertThat(page().getByRole(AriaRole.HEADING, heading(volume.path("name").asText())))
        .isVisible();
  }

  @Test
  void an_instance_s_create_image_button_opens_the_create_image_form_with_that_instance_chosen() {
    var id = Instances.stopped(api, "captured-from-details").path("id").asText();
    console.open("#/instances/" + id);

    page().getByRole(AriaRole.LINK, pageLink("Create image")).click();

    assertThat(page()).hasURL(Pattern.compile("#/images/create\\?instance=" + id + "$"));
    var form = page().locator("#image-create");
    assertThat(form.getByLabel("Virtual server instance boot volume")).isChecked();
    assertThat(form.getByLabel("captured-from-details", labelExact())).isChecked();
  }

  @Test
  void stopping_an_instance_on_its_details_page_shows_it_stopped() {
    var id = runningInstance("stop-on-details").path("id").asText();
    console.open("#/instances/" + id);

    page().getByRole(AriaRole.BUTTON, pageButton("Stop")).click();

    assertThat(page().locator("#instance-fields")).containsText("Stopped");
    assertThat(page().getByRole(AriaRole.BUTTON, pageButton("Start"))).isEnabled();
    assertThat(page().getByRole(AriaRole.BUTTON, pageButton("Stop"))).isDisabled();
  }

  @Test
  void deleting_an_instance_from_the_list_asks_first_and_then_removes_its_row() {
    var id = runningInstance("delete-from-list").path("id").asText();
    console.open("#/instances");

    rowAction("delete-from-list", "Delete");
    var dialog = page().getByRole(AriaRole.DIALOG, dialog("Delete delete-from-list?"));
    dialog.getByRole(AriaRole.BUTTON, button("Cancel")).click();
    assertThat(dialog).isHidden();
    assertThat(row("delete-from-list").getByLabel("Actions for delete-from-list")).isFocused();

    rowAction("delete-from-list", "Delete");
    dialog.getByRole(AriaRole.BUTTON, button("Delete")).click();

    assertThat(row("delete-from-list")).hasCount(0);
    assertThat(api.get("/v1/instances/" + id).status()).isEqualTo(404);
  }

  @Test
  void creating_an_instance_from_the_form_lands_on_its_details() {
    console.open("#/instances");
    page().getByRole(AriaRole.LINK, pageLink("Create instance")).click();

    form().getByLabel("Name", labelExact()).fill("made-in-the-form");
    form()
        .getByLabel("Image", labelExact())
        .selectOption(new SelectOption().setLabel(Instances.STOCK_IMAGE));
    assertThat(form().getByLabel("Zone", labelExact())).hasValue("us-south-1");
    page().getByRole(AriaRole.BUTTON, pageButton("Create instance")).click();

    assertThat(page().getByRole(AriaRole.HEADING, heading("made-in-the-form"))).isVisible();
    var made = api.get("/v1/instances?name=made-in-the-form").body().at("/instances/0");
    assertThat(page()).hasURL(Pattern.compile("#/instances/" + made.path("id").asText() + "$"));
    assertThat(made.at("/image/id").asText()).isEqualTo(stockImage);
    assertThat(made.at("/resource_group/id").asText()).isEqualTo(group);
    assertThat(made.at("/zone/name").asText()).isEqualTo("us-south-1");
  }

  @Test
  void a_name_the_api_refuses_is_explained_in_the_form() {
    console.open("#/instances/create");

    form().getByLabel("Name", labelExact()).fill("Not_A-Name");
    form()
        .getByLabel("Image", labelExact())
        .selectOption(new SelectOption().setLabel(Instances.STOCK_IMAGE));
    page().getByRole(AriaRole.BUTTON, pageButton("Create instance")).click();

    var alert = form().getByRole(AriaRole.ALERT);
    assertThat(alert).containsText("Not_A-Name");
    assertThat(alert.locator(".error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(page()).hasURL(Pattern.compile("#/instances/create$"));
  }

  @Test
  void the_create_form_offers_deprecated_images_only_when_asked_and_obsolete_ones_never() {
    var available = custom("offered-available", ImageStatus.AVAILABLE);
    custom("offered-deprecated", ImageStatus.DEPRECATED);
    custom("never-obsolete", ImageStatus.OBSOLETE);
    custom("never-failed", ImageStatus.FAILED);
    console.open("#/instances/create");

    var images = form().locator("#new-instance-image");
    assertThat(images.locator("option", has("offered-available"))).hasCount(1);
    assertThat(images.locator("option", has(Instances.STOCK_IMAGE))).hasCount(1);
    assertThat(images.locator("option", has("offered-deprecated"))).hasCount(0);
    assertThat(images.locator("option", has("never-"))).hasCount(0);

    form().getByLabel("Show deprecated images").check();

    assertThat(images.locator("option", has("offered-deprecated (deprecated)"))).hasCount(1);
    assertThat(images.locator("option", has("never-"))).hasCount(0);
    assertThat(images.locator("option", has("offered-available"))).hasAttribute("value", available);
    assertThat(images.locator("option", has("(deprecated)")).first()).isAttached();
    var stockDeprecated =
        api.get("/v1/images?visibility=public&status=deprecated").body().at("/images/0/name");
    assertThat(images.locator("option", has(stockDeprecated.asText() + " (deprecated)")))
        .hasCount(1);
    Accessibility.assertAccessible(page());
  }

  @Test
  void an_image_s_create_instance_action_preselects_it_in_the_form() {
    var id = custom("preselected-by-link", ImageStatus.AVAILABLE);
    console.open("#/images");
    ConsoleTest.search(page(), "preselected-by-link");
    page().getByLabel("Actions for preselected-by-link").click();

    page().getByRole(AriaRole.LINK, pageLink("Create instance")).click();

    assertThat(page()).hasURL(Pattern.compile("#/instances/create\\?image=" + id + "$"));
    assertThat(form().getByLabel("Image", labelExact())).hasValue(id);
    assertThat(form().getByLabel("Show deprecated images")).not().isChecked();
  }

  @Test
  void a_link_to_a_deprecated_image_shows_the_deprecated_ones_and_an_obsolete_one_is_refused() {
    var deprecated = custom("linked-deprecated", ImageStatus.DEPRECATED);
    var obsolete = custom("linked-obsolete", ImageStatus.OBSOLETE);
    console.open("#/instances/create?image=" + deprecated);

    var image = form().getByLabel("Image", labelExact());
    assertThat(image).hasValue(deprecated);
    assertThat(form().getByLabel("Show deprecated images")).isChecked();
    assertThat(form().locator("#new-instance-image-warning")).containsText("is deprecated");

    page().evaluate("hash => { location.hash = hash; }", "#/instances/create?image=" + obsolete);

    assertThat(form().locator("#new-instance-image-warning"))
        .hasText(Pattern.compile("linked-obsolete is obsolete: it cannot make instances.*"));
    assertThat(image).hasValue("");
    assertThat(image.locator("option", has("linked-obsolete"))).hasCount(0);
  }

  @Test
  void a_viewer_who_stops_an_instance_sees_the_api_s_refusal_and_its_trace() {
    runningInstance("viewed-not-stopped");
    var viewer = Callers.user(console.server(), "viewer-of-instances");
    Callers.grant(console.server(), viewer, Role.VIEWER, PolicyResource.account());
    var key =
        api.post("/v1/apikeys", Map.of("name", "viewer-key", "iam_id", viewer))
            .body()
            .path("apikey")
            .asText();
    console.signIn(key);
    page().getByRole(AriaRole.LINK, pageLink("Instances")).click();

    rowAction("viewed-not-stopped", "Stop");

    var alert = page().locator("#error");
    assertThat(alert).hasAttribute("role", "alert");
    assertThat(alert).containsText("You are not authorized to perform is.instance.action.create");
    assertThat(alert.locator("#error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(row("viewed-not-stopped").locator("td").nth(1)).hasText("Running");
  }

  @Test
  void at_phone_width_the_instances_table_scrolls_inside_its_wrapper() {
    runningInstance("seen-on-a-phone");
    page().setViewportSize(390, 844);
    console.open("#/instances");

    assertThat(row("seen-on-a-phone").locator("td").nth(6)).isVisible();
    var widths =
        (List<?>)
            page()
                .evaluate(
                    "() => { const w = document.querySelector('#instances .table-wrap');"
                        + " return [w.clientWidth, w.scrollWidth, document.documentElement.scrollWidth,"
                        + " window.innerWidth]; }");
    var wrapper = ((Number) widths.get(0)).intValue();
    var table = ((Number) widths.get(1)).intValue();
    assertThat(table).as("the table is wider than the wrapper").isGreaterThan(wrapper);
    assertThat(((Number) widths.get(2)).intValue())
        .as("the page itself does not scroll sideways")
        .isLessThanOrEqualTo(((Number) widths.get(3)).intValue());
  }

  // ---- preparing instances and images through the API and the store

  private static JsonNode runningInstance(String name) {
    return Instances.running(api, name);
  }

  /** A custom image straight in the store: the form only lists it. */
  private static String custom(String name, ImageStatus status) {
    var image = Images.custom(name, status, group);
    Images.insert(console.server().server().store(), List.of(image));
    return image.id();
  }

  // ---- the page

  private static Page page() {
    return console.page();
  }

  private static Locator row(String name) {
    return page()
        .locator("#instance-rows tr")
        .filter(
            new Locator.FilterOptions().setHas(page().getByRole(AriaRole.LINK, pageLink(name))));
  }

  private static void rowAction(String name, String action) {
    var row = row(name);
    row.getByLabel("Actions for " + name).click();
    row.getByRole(AriaRole.BUTTON, button(action)).click();
  }

  /** The create-instance page: other pages have fields of the same names. */
  private static Locator form() {
    return page().locator("#instance-create");
  }

  private static Locator.GetByLabelOptions labelExact() {
    return new Locator.GetByLabelOptions().setExact(true);
  }

  private static Locator.LocatorOptions has(String text) {
    return new Locator.LocatorOptions().setHasText(text);
  }

  private static Page.GetByRoleOptions heading(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1);
  }

  private static Page.GetByRoleOptions pageLink(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Page.GetByRoleOptions pageButton(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Page.GetByRoleOptions dialog(String name) {
    return new Page.GetByRoleOptions().setName(name);
  }

  private static Locator.GetByRoleOptions button(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByRoleOptions link(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }
}
