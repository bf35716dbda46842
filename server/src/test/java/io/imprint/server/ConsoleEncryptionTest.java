package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customer-managed encryption in the console (issue 19): the create-image form's Encryption choice,
 * the lock after an encrypted image's or volume's name, and the key shown and linked on their
 * details pages, in Chromium against a real server.
 */
class ConsoleEncryptionTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static Api api;

  @BeforeAll
  static void use_the_administrator() {
    api = console.api();
  }

  @Test
  void a_user_creates_a_key_captures_an_image_with_it_and_sees_the_lock_and_the_key() {
    var instance = Instances.stopped(api, "chosen-key-vm");
    console.open("#/keys");
    var keys = page().locator("#keys");
    keys.getByLabel("Name", exact()).fill("capture-key");
    keys.getByRole(AriaRole.BUTTON, button("Create key")).click();
    var row = page().locator("#key-rows tr").filter(hasLink("capture-key"));
    assertThat(row.locator("td").nth(2)).hasText("Active");
    var keyId = row.locator("td").nth(1).textContent();
    var crn = KeyProtect.crnOf(api, console.kmsInstance(), keyId);

    go("#/images/create?instance=" + instance.path("id").asText());
    var form = page().locator("#create-form");
    form.getByLabel("Name", exact()).fill("locked-image");
    assertThat(form.getByLabel("Provider managed")).isChecked();
    form.getByLabel("Customer managed: choose a key").check();
    form.getByLabel("Key", exact()).selectOption(new SelectOption().setLabel("capture-key"));
    assertThat(form.getByRole(AriaRole.LINK, link("Create a key"))).hasAttribute("href", "#/keys");
    Accessibility.assertAccessible(page());
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page().locator("#capture-state")).hasText("The image is available.");
    var image = imageNamed("locked-image");
    assertThat(image.path("encryption").asText()).isEqualTo("user_managed");
    assertThat(image.at("/encryption_key/crn").asText()).isEqualTo(crn);

    go("#/images");
    var imageRow = page().locator("#image-rows tr").filter(hasLink("locked-image"));
    assertThat(imageRow.getByRole(AriaRole.IMG, img("Encrypted with a customer key: capture-key")))
        .isVisible();
    Accessibility.assertAccessible(page());
    imageRow.getByRole(AriaRole.LINK, link("locked-image")).click();

    var fields = page().locator("#details-fields");
    var heading = page().locator("#details-name");
    assertThat(heading).containsText("locked-image");
    assertThat(heading.getByRole(AriaRole.IMG, img("Encrypted with a customer key: capture-key")))
        .isVisible();
    assertThat(field(fields, "Encryption")).hasText("User managed");
    var keyLink = fields.getByRole(AriaRole.LINK, link(crn));
    assertThat(keyLink)
        .hasAttribute("href", "#/keys/" + keyId + "?instance=" + console.kmsInstance());
    Accessibility.assertAccessible(page());
    keyLink.click();

    assertThat(page().locator("#key-name")).hasText("capture-key");
    assertThat(page().locator("#key-registrations").getByRole(AriaRole.LINK, link("locked-image")))
        .hasAttribute("href", "#/images/" + image.path("id").asText());
    Accessibility.assertAccessible(page());
  }

  @Test
  void a_user_creates_an_instance_whose_boot_volume_takes_a_key_chosen_in_the_form() {
    var keyId = key("boot-key");
    var crn = KeyProtect.crnOf(api, console.kmsInstance(), keyId);
    go("#/instances/create");
    var form = page().locator("#new-instance-form");
    form.getByLabel("Name", exact()).fill("boot-under-key");
    form.getByLabel("Image", exact())
        .selectOption(new SelectOption().setLabel(Instances.STOCK_IMAGE));
    assertThat(form.getByLabel("As the image")).isChecked();
    assertThat(page().locator("#new-instance-encryption-image-note"))
        .hasText("Image " + Instances.STOCK_IMAGE + " is provider managed: so is the boot volume.");

    form.getByLabel("Customer managed: a key by CRN").check();
    form.getByLabel("Key CRN").fill("crn:v1:not-a-key");
    form.getByRole(AriaRole.BUTTON, button("Create instance")).click();
    assertThat(page().locator("#new-instance-encryption-problem")).containsText("is not a key CRN");
    assertThat(form.getByLabel("Key CRN")).isFocused();
    assertThat(api.get("/v1/instances?name=boot-under-key").body().path("instances")).isEmpty();

    form.getByLabel("Customer managed: choose a key").check();
    assertThat(page().locator("#new-instance-encryption-problem")).isHidden();
    form.getByLabel("Key", exact()).selectOption(new SelectOption().setLabel("boot-key"));
    Accessibility.assertAccessible(page());
    form.getByRole(AriaRole.BUTTON, button("Create instance")).click();

    assertThat(
            page()
                .getByRole(
                    AriaRole.HEADING,
                    new Page.GetByRoleOptions()
                        .setName("boot-under-key")
                        .setExact(true)
                        .setLevel(1)))
        .isVisible();
    var made = api.get("/v1/instances?name=boot-under-key").body().at("/instances/0");
    var volume =
        api.get("/v1/volumes/" + made.at("/boot_volume_attachment/volume/id").asText()).body();
    assertThat(volume.path("encryption").asText()).isEqualTo("user_managed");
    assertThat(volume.at("/encryption_key/crn").asText()).isEqualTo(crn);
  }

  @Test
  void a_volume_under_a_customer_key_cannot_give_a_provider_managed_image_and_keeps_its_key() {
    var crn = KeyProtect.crnOf(api, console.kmsInstance(), key("volume-key"));
    var locked = new Encryption(api).stoppedInstance("crk-vm", crn, Instances.stockImage(api));
    var plain = Instances.stopped(api, "plain-vm");
    var lockedVolume = locked.at("/boot_volume_attachment/volume/name").asText();
    var plainVolume = plain.at("/boot_volume_attachment/volume/name").asText();
    go("#/images/create?instance=" + locked.path("id").asText());
    var form = page().locator("#create-form");

    var provider = form.getByLabel("Provider managed");
    var volumeKey = form.getByLabel("Customer managed: the volume's key");
    assertThat(provider).isDisabled();
    assertThat(provider)
        .hasAccessibleDescription(
            "Volume "
                + lockedVolume
                + " is encrypted with the customer key "
                + crn
                + "; an image of it cannot be provider managed.");
    assertThat(volumeKey).isChecked();
    var lockedRow = page().locator("#create-instance-rows tr").filter(hasLabel("crk-vm"));
    assertThat(lockedRow.getByRole(AriaRole.IMG, img("Encrypted with a customer key: volume-key")))
        .isVisible();
    var plainRow = page().locator("#create-instance-rows tr").filter(hasLabel("plain-vm"));
    assertThat(plainRow.getByRole(AriaRole.IMG)).hasCount(0);
    Accessibility.assertAccessible(page());

    form.getByLabel("plain-vm", exact()).check();
    assertThat(provider).isChecked();
    assertThat(volumeKey).isDisabled();
    assertThat(volumeKey)
        .hasAccessibleDescription(
            "Volume " + plainVolume + " is provider managed: it has no key of its own.");

    form.getByLabel("crk-vm", exact()).check();
    assertThat(provider).isDisabled();
    assertThat(volumeKey).isChecked();
    form.getByLabel("Name", exact()).fill("keeps-the-volume-key");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page().locator("#capture-state")).hasText("The image is available.");
    assertThat(imageNamed("keeps-the-volume-key").at("/encryption_key/crn").asText())
        .isEqualTo(crn);

    go("#/volumes");
    var volumeRow = page().locator("#volume-rows tr").filter(hasLink(lockedVolume));
    assertThat(volumeRow.getByRole(AriaRole.IMG, img("Encrypted with a customer key: volume-key")))
        .isVisible();
    assertThat(
            page().locator("#volume-rows tr").filter(hasLink(plainVolume)).getByRole(AriaRole.IMG))
        .hasCount(0);
    volumeRow.getByRole(AriaRole.LINK, link(lockedVolume)).click();
    var fields = page().locator("#volume-fields");
    assertThat(field(fields, "Encryption")).hasText("User managed");
    assertThat(fields.getByRole(AriaRole.LINK, link(crn))).isVisible();
    Accessibility.assertAccessible(page());
  }

  @Test
  void a_key_crn_is_checked_for_its_shape_and_a_key_of_another_instance_is_taken_by_crn() {
    var crn = KeyProtect.crnOf(api, KeyProtect.createKey(api, "elsewhere-key"));
    var instance = Instances.stopped(api, "by-crn-vm");
    var images = customImages();
    go("#/images/create?instance=" + instance.path("id").asText());
    var form = page().locator("#create-form");
    form.getByLabel("Name", exact()).fill("under-a-crn");
    form.getByLabel("Customer managed: a key by CRN").check();
    var box = form.getByLabel("Key CRN");

    box.fill("crn:v1:bluemix:public:kms:us-south:a/acct:not-a-key");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    var problem =
        "'crn:v1:bluemix:public:kms:us-south:a/acct:not-a-key' is not a key CRN:"
            + " crn:v1:bluemix:public:kms:<region>:a/<account>:<instance>:key:<key ID>.";
    assertThat(page().locator("#create-encryption-problem")).hasText(problem);
    assertThat(box).isFocused();
    assertThat(box).hasAttribute("aria-invalid", "true");
    assertThat(customImages()).as("nothing was sent").isEqualTo(images);

    box.fill(crn);
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page().locator("#capture-state")).hasText("The image is available.");
    assertThat(imageNamed("under-a-crn").at("/encryption_key/crn").asText()).isEqualTo(crn);
    go("#/images");
    assertThat(
            page()
                .locator("#image-rows tr")
                .filter(hasLink("under-a-crn"))
                .getByRole(AriaRole.IMG, img("Encrypted with a customer key: elsewhere-key")))
        .isVisible();
  }

  @Test
  void a_disabled_key_given_in_the_form_shows_the_api_s_refusal_and_its_trace() {
    var id = key("disabled-for-capture");
    var crn = KeyProtect.crnOf(api, console.kmsInstance(), id);
    var disabled =
        api.raw(
            "POST",
            "/api/v2/keys/" + id + "/actions/disable",
            null,
            null,
            KeyProtect.instance(console.kmsInstance()));
    assertThat(disabled.status()).isEqualTo(204);
    var instance = Instances.stopped(api, "refused-key-vm");
    var refused =
        api.post(
            "/v1/images",
            obj(
                "name",
                "never-made",
                "source_volume",
                obj("id", instance.at("/boot_volume_attachment/volume/id").asText()),
                "encryption_key",
                obj("crn", crn)));
    assertThat(refused.status()).isEqualTo(409);
    go("#/images/create?instance=" + instance.path("id").asText());
    var form = page().locator("#create-form");
    form.getByLabel("Name", exact()).fill("never-made");
    form.getByLabel("Customer managed: a key by CRN").check();
    form.getByLabel("Key CRN").fill(crn);

    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    var error = page().locator("#create-error");
    assertThat(error.locator(".error-message")).hasText(refused.errorMessage());
    assertThat(error.locator(".error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(form).isVisible();
  }

  // ---- through the API

  /** A new key of the console's instance; answers its id. */
  private static String key(String name) {
    return KeyProtect.createKey(api, console.kmsInstance(), name);
  }

  private static JsonNode imageNamed(String name) {
    var images = api.get("/v1/images?name=" + name).body().path("images");
    assertThat(images).hasSize(1);
    return images.get(0);
  }

  private static int customImages() {
    return api.get("/v1/images?visibility=private").body().path("total_count").asInt();
  }

  // ---- the page

  private static Page page() {
    return console.page();
  }

  /** Follows a link inside the signed-in page (signing in first): the session stays. */
  private static void go(String hash) {
    if (page().url().equals("about:blank")) {
      console.open(hash);
    } else {
      page().evaluate("hash => { location.hash = hash; }", hash);
    }
    assertThat(page().locator("main.page:not([hidden])")).hasCount(1);
  }

  private static Locator field(Locator fields, String term) {
    return fields
        .locator(".field")
        .filter(
            new Locator.FilterOptions()
                .setHas(
                    page()
                        .locator("dt")
                        .getByText(term, new Locator.GetByTextOptions().setExact(true))))
        .locator("dd");
  }

  private static Locator.FilterOptions hasLabel(String text) {
    return new Locator.FilterOptions()
        .setHas(
            page().locator("label").getByText(text, new Locator.GetByTextOptions().setExact(true)));
  }

  private static Locator.FilterOptions hasLink(String name) {
    return new Locator.FilterOptions()
        .setHas(
            page()
                .getByRole(
                    AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)));
  }

  private static Locator.GetByLabelOptions exact() {
    return new Locator.GetByLabelOptions().setExact(true);
  }

  private static Locator.GetByRoleOptions button(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByRoleOptions link(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByRoleOptions img(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }
}
