package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keys page (Key Protect on the same server) in Chromium: creating, rotating, disabling,
 * enabling and deleting root keys, and what that does to the images a key protects, as the images
 * list shows it.
 */
class ConsoleKeysTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;

  @BeforeAll
  static void use_the_administrator() {
    api = console.api();
  }

  @Test
  void a_user_creates_a_key_on_the_keys_page_and_rotates_it_from_its_row() {
    var refused =
        api.raw(
            "POST",
            "/api/v2/keys",
            KeyProtect.createBody("x"),
            "application/json",
            KeyProtect.instance(KeyProtect.INSTANCE));
    assertThat(refused.status()).isEqualTo(400);
    console.open("#/keys");
    assertThat(page().getByRole(AriaRole.LINK, pageLink("Keys")))
        .hasAttribute("aria-current", "page");
    var keys = page().locator("#keys");

    keys.getByLabel("Name", exact()).fill("x");
    keys.getByRole(AriaRole.BUTTON, button("Create key")).click();
    assertThat(page().locator("#error .error-message")).hasText(refused.errorMessage());

    keys.getByLabel("Name", exact()).fill("rotated-key");
    keys.getByLabel("Description").fill("for the rotation");
    keys.getByRole(AriaRole.BUTTON, button("Create key")).click();
    var row = row("rotated-key");
    assertThat(row.locator("td").nth(2)).hasText("Active");
    assertThat(row.locator("td").nth(4)).hasText("—");
    assertThat(keys.getByLabel("Name", exact())).hasValue("");
    var id = row.locator("td").nth(1).textContent();
    var version = row.locator("td").nth(5).textContent();
    assertThat(version).isEqualTo(keyOf(id).at("/keyVersion/id").asText());
    Accessibility.assertAccessible(page());

    openMenu("rotated-key").getByRole(AriaRole.BUTTON, button("Rotate")).click();
    var dialog = dialog("Rotate key rotated-key?");
    assertThat(dialog).isVisible();
    Accessibility.assertAccessible(page());
    dialog.getByRole(AriaRole.BUTTON, button("Rotate")).click();

    assertThat(dialog).isHidden();
    assertThat(row.locator("td").nth(4)).not().hasText("—");
    assertThat(row.locator("td").nth(5)).not().hasText(version);
    assertThat(row.locator("td").nth(5)).hasText(keyOf(id).at("/keyVersion/id").asText());
  }

  @Test
  void disabling_a_key_makes_the_image_it_protects_unusable_in_the_list_and_enabling_restores_it() {
    var id = key("disabled-key");
    var image = imageUnder(id, "protected-image");
    console.open("#/keys");

    openMenu("disabled-key").getByRole(AriaRole.BUTTON, button("Disable")).click();
    var dialog = dialog("Disable key disabled-key?");
    assertThat(dialog.locator("#key-dialog-text")).containsText("It protects 1 resource.");
    assertThat(dialog.getByLabel("Delete it anyway (force)")).isHidden();
    Accessibility.assertAccessible(page());
    dialog.getByRole(AriaRole.BUTTON, button("Disable")).click();

    assertThat(row("disabled-key").locator("td").nth(2)).hasText("Suspended (disabled)");
    assertThat(openMenu("disabled-key").getByRole(AriaRole.BUTTON, button("Rotate"))).isDisabled();
    page().keyboard().press("Escape");
    go("#/images");
    var imageRow = imageRow("protected-image");
    assertThat(imageRow.locator("td").nth(1))
        .hasText(Pattern.compile("Unusable\\s*Encryption key disabled"));
    assertThat(api.get("/v1/images/" + image).body().path("status").asText()).isEqualTo("unusable");

    go("#/keys/" + id);
    assertThat(page().locator("#key-name")).hasText("disabled-key");
    page().locator("#key-actions").getByRole(AriaRole.BUTTON, button("Enable")).click();
    dialog("Enable key disabled-key?").getByRole(AriaRole.BUTTON, button("Enable")).click();

    assertThat(field("State")).hasText("Active");
    go("#/images");
    assertThat(imageRow.locator("td").nth(1)).hasText("Available");
  }

  @Test
  void deleting_a_protected_key_shows_the_refusal_and_only_force_deletes_it() {
    var id = key("protecting-key");
    var image = imageUnder(id, "kept-by-its-key");
    var refused = api.delete("/api/v2/keys/" + id, KeyProtect.instance(console.kmsInstance()));
    assertThat(refused.errorCode()).isEqualTo("PROTECTED_RESOURCE_ERR");
    go("#/keys/" + id);
    assertThat(
            page()
                .locator("#key-registrations")
                .getByRole(
                    AriaRole.LINK,
                    new Locator.GetByRoleOptions().setName("kept-by-its-key").setExact(true)))
        .hasAttribute("href", "#/images/" + image);
    Accessibility.assertAccessible(page());

    page().locator("#key-actions").getByRole(AriaRole.BUTTON, button("Delete")).click();
    var dialog = dialog("Delete key protecting-key?");
    assertThat(dialog.locator("#key-dialog-text")).containsText("It protects 1 resource.");
    var force = dialog.getByLabel("Delete it anyway (force)");
    assertThat(force).not().isChecked();
    Accessibility.assertAccessible(page());
    dialog.getByRole(AriaRole.BUTTON, button("Delete")).click();

    assertThat(dialog.locator(".error-message")).hasText(refused.errorMessage());
    assertThat(dialog.locator(".error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(keyOf(id).path("deleted").asBoolean()).isFalse();
    Accessibility.assertAccessible(page());

    force.check();
    dialog.getByRole(AriaRole.BUTTON, button("Delete")).click();

    assertThat(page()).hasURL(Pattern.compile("#/keys$"));
    assertThat(row("protecting-key")).hasCount(0);
    assertThat(keyOf(id).path("deleted").asBoolean()).isTrue();
    var after = api.get("/v1/images/" + image).body();
    assertThat(after.at("/status_reasons/0/code").asText()).isEqualTo("encryption_key_deleted");
  }

  @Test
  void the_keys_page_lists_the_keys_of_the_instance_the_user_chooses() {
    var other = UUID.randomUUID().toString();
    KeyProtect.createKey(api, other, "key-of-another-instance");
    console.open("#/keys");
    var keys = page().locator("#keys");
    var instance = keys.getByLabel("Key Protect instance");
    assertThat(instance).hasValue(console.kmsInstance());

    instance.fill("not-a-guid");
    keys.getByRole(AriaRole.BUTTON, button("Use this instance")).click();
    assertThat(instance)
        .hasAccessibleDescription(Pattern.compile("'not-a-guid' is not an instance GUID"));
    assertThat(instance).hasAttribute("aria-invalid", "true");

    instance.fill(other);
    keys.getByRole(AriaRole.BUTTON, button("Use this instance")).click();
    assertThat(row("key-of-another-instance")).isVisible();
    assertThat(page().locator("#key-count")).hasText("1 key");
    assertThat(instance).not().hasAttribute("aria-invalid", "true");
    Accessibility.assertAccessible(page());
  }

  // ---- through the API

  private static String key(String name) {
    return KeyProtect.createKey(api, console.kmsInstance(), name);
  }

  /** The key {@code id}'s metadata, read through the API. */
  private static JsonNode keyOf(String id) {
    return api.get("/api/v2/keys/" + id, KeyProtect.instance(console.kmsInstance()))
        .body()
        .at("/resources/0");
  }

  /** An image captured under the key {@code keyId}, available; answers its id. */
  private static String imageUnder(String keyId, String name) {
    var crn = KeyProtect.crnOf(api, console.kmsInstance(), keyId);
    var instance = Instances.stopped(api, name + "-vm");
    var created =
        api.post(
            "/v1/images",
            obj(
                "name",
                name,
                "source_volume",
                obj("id", instance.at("/boot_volume_attachment/volume/id").asText()),
                "encryption_key",
                obj("crn", crn)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    return id;
  }

  // ---- the page

  private static Page page() {
    return console.page();
  }

  private static void go(String hash) {
    page().evaluate("hash => { location.hash = hash; }", hash);
  }

  private static Locator row(String name) {
    return page().locator("#key-rows tr").filter(hasLink(name));
  }

  private static Locator imageRow(String name) {
    return page().locator("#image-rows tr").filter(hasLink(name));
  }

  private static Locator openMenu(String name) {
    var row = row(name);
    row.getByLabel("Actions for " + name).click();
    return row;
  }

  private static Locator dialog(String title) {
    return page()
        .getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(title).setExact(true));
  }

  private static Locator field(String term) {
    return page()
        .locator("#key-fields .field")
        .filter(
            new Locator.FilterOptions()
                .setHas(
                    page()
                        .locator("dt")
                        .getByText(term, new Locator.GetByTextOptions().setExact(true))))
        .locator("dd");
  }

  private static Locator.FilterOptions hasLink(String name) {
    return new Locator.FilterOptions().setHas(page().getByRole(AriaRole.LINK, pageLink(name)));
  }

  private static Page.GetByRoleOptions pageLink(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByLabelOptions exact() {
    return new Locator.GetByLabelOptions().setExact(true);
  }

  private static Locator.GetByRoleOptions button(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }
}
