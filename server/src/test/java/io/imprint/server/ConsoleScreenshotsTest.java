package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The main pages of the console as a user sees them at 1280 px (and the images page at a phone's
 * 390 px), each checked by axe-core. The pictures go to {@code server/target/screenshots}; with
 * {@code IMPRINT_SCREENSHOTS=docs} in the environment they also replace those under {@code
 * docs/screenshots}, which the README shows ({@code IMPRINT_SCREENSHOTS=docs bin/test}, or this
 * class alone).
 */
class ConsoleScreenshotsTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static final Path TARGET = Path.of("target", "screenshots");
  private static final Path DOCS = Path.of("..", "docs", "screenshots");

  @Test
  void the_main_pages_of_the_console_as_pictures() throws IOException {
    var api = console.api();
    var web = Instances.stopped(api, "web-1");
    var volume = web.at("/boot_volume_attachment/volume/id").asText();
    var image = capture(api, "web-golden-2026-12", volume);
    var in30Days = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    var in90Days = in30Days.plus(60, ChronoUnit.DAYS);
    assertThat(
            api.patch(
                    "/v1/images/" + image,
                    obj(
                        "deprecation_at",
                        in30Days.toString(),
                        "obsolescence_at",
                        in90Days.toString()))
                .status())
        .isEqualTo(200);
    var old = capture(api, "web-golden-2026-06", volume);
    var deprecated = api.post("/v1/images/" + old + "/deprecate", null);
    assertThat(deprecated.status()).as(deprecated.raw()).isEqualTo(204);
    Instances.running(api, "worker-1");
    var page = console.page();
    page.setViewportSize(1280, 800);
    var keyId = KeyProtect.createKey(api, console.kmsInstance(), "web-images");
    KeyProtect.createKey(api, console.kmsInstance(), "backups");
    var key = KeyProtect.crnOf(api, console.kmsInstance(), keyId);
    var sealed = capture(api, "web-golden-2026-12-sealed", volume, key);
    assertThat(api.get("/v1/images/" + sealed).body().path("encryption").asText())
        .isEqualTo("user_managed");

    // signed in to read the console's Key Protect instance: the list is read again for the images
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Custom images")).click();
    assertThat(page.locator("#image-rows tr", new Page.LocatorOptions().setHasText("web-1")))
        .hasCount(0);
    assertThat(
            page.getByRole(
                AriaRole.IMG,
                new Page.GetByRoleOptions().setName("Encrypted with a customer key: web-images")))
        .isVisible();
    shoot(page, "images");

    go(page, "#/images/" + image);
    assertThat(page.locator("#details-timeline .now")).hasCount(1);
    shoot(page, "image-details");

    go(page, "#/images/create?instance=" + web.path("id").asText());
    page.locator("#create-form")
        .getByLabel("Name", new Locator.GetByLabelOptions().setExact(true))
        .fill("web-golden-2027-01");
    shoot(page, "create-image");

    go(page, "#/instances");
    assertThat(page.locator("#instance-rows tr")).hasCount(2);
    shoot(page, "instances");

    go(page, "#/instances/create");
    assertThat(page.locator("#instance-create")).isVisible();
    shoot(page, "create-instance");

    go(page, "#/volumes");
    assertThat(page.locator("#volume-rows tr").first()).isVisible();
    shoot(page, "volumes");

    go(page, "#/events");
    assertThat(page.locator("#event-rows tr").first()).isVisible();
    shoot(page, "events");

    go(page, "#/keys");
    assertThat(page.locator("#key-rows tr")).hasCount(2);
    shoot(page, "keys");

    page.setViewportSize(390, 844);
    for (var hash : new String[] {"#/instances", "#/volumes", "#/events", "#/keys", "#/images"}) {
      go(page, hash);
      assertThat(page.locator("tbody tr:visible").first()).isVisible();
      assertThat(page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"))
          .as("at 390 px, " + hash + " is no wider than the screen")
          .isEqualTo(true);
    }
    shoot(page, "images-phone");
  }

  private static String capture(Api api, String name, String volume) {
    return capture(api, name, volume, null);
  }

  /** An image of {@code volume}, under the key {@code keyCrn} when there is one; once available. */
  private static String capture(Api api, String name, String volume, String keyCrn) {
    var body = obj("name", name, "source_volume", obj("id", volume));
    if (keyCrn != null) {
      body.put("encryption_key", obj("crn", keyCrn));
    }
    var created = api.post("/v1/images", body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    return id;
  }

  private static void go(Page page, String hash) {
    page.evaluate("hash => { location.hash = hash; }", hash);
    assertThat(page.getByRole(AriaRole.HEADING).first()).isVisible();
  }

  private static void shoot(Page page, String name) throws IOException {
    Accessibility.assertAccessible(page);
    Files.createDirectories(TARGET);
    var file = TARGET.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    assertThat(Files.size(file)).as(name + ".png").isGreaterThan(10_000);
    if ("docs".equals(System.getenv("IMPRINT_SCREENSHOTS"))) {
      Files.createDirectories(DOCS);
      Files.copy(file, DOCS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
