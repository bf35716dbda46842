package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.job.Job;
import io.imprint.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Creating an image from a boot volume in the console, from the images page and from links that
 * name the source, and watching its capture, in Debian's Chromium: the same setup as {@link
 * ConsoleTest}, one browser for the class and a fresh context per test.
 */
class ConsoleCreateImageTest {
  private static final long GIB = 1L << 30;

  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  private static TestServer server;
  private static Api api;
  private static String group;
  private static String subnet;
  private static String stockImage;

  private Page page;

  @BeforeAll
  static void find_the_default_group_a_subnet_and_a_stock_image() {
    server = console.server();
    api = server.api();
    group = api.get("/v2/resource_groups").body().at("/resources/0/id").asText();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @BeforeEach
  void use_the_fresh_page() {
    page = console.page();
  }

  @AfterEach
  void let_held_captures_run_again() {
    server.server().jobs().resume();
  }

  @Test
  void creating_an_image_from_the_images_page_with_an_instance_source_reaches_available() {
    var instance = stoppedInstance("create-vm");
    signIn();

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create").setExact(true))
        .click();
    assertThat(page).hasURL(Pattern.compile("#/images/create$"));
    assertThat(page.getByRole(AriaRole.HEADING, heading("Create a custom image"))).isVisible();
    var form = form();
    assertThat(form.getByLabel("Virtual server instance boot volume")).isChecked();
    assertThat(form.getByLabel("Resource group")).hasValue(group);
    form.getByLabel("Name", exact()).fill("from-create-vm");
    form.getByLabel("Tags").fill("env:test, Team Blue");
    form.getByLabel("create-vm", exact()).check();
    Accessibility.assertAccessible(page);
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#capture-state")).hasText("The image is available.");
    assertThat(page.locator("#capture-percent")).hasText("100%");
    var image = imageNamed("from-create-vm");
    assertThat(image.at("/source_volume/id").asText()).isEqualTo(bootVolume(instance));
    assertThat(image.at("/resource_group/id").asText()).isEqualTo(group);
    assertThat(tagsOf(image)).containsExactlyInAnyOrder("env:test", "team blue");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open from-create-vm"))
        .click();
    assertThat(page.getByRole(AriaRole.HEADING, heading("from-create-vm"))).isVisible();
    assertThat(page.locator("#details-fields")).containsText("Available");
  }

  @Test
  void a_link_naming_an_instance_preselects_it_and_captures_its_boot_volume() {
    stoppedInstance("not-linked-vm");
    var instance = stoppedInstance("linked-vm");
    signIn();

    go("#/images/create?instance=" + instance.path("id").asText());

    var form = form();
    assertThat(form.getByLabel("Virtual server instance boot volume")).isChecked();
    assertThat(form.getByLabel("linked-vm", exact())).isChecked();
    assertThat(form.getByLabel("not-linked-vm", exact())).not().isChecked();
    form.getByLabel("Name", exact()).fill("from-linked-vm");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#capture-state")).hasText("The image is available.");
    assertThat(imageNamed("from-linked-vm").at("/source_volume/id").asText())
        .isEqualTo(bootVolume(instance));
  }

  @Test
  void a_link_naming_a_volume_chooses_the_block_storage_source_and_that_volume() {
    var volume = bootVolume(stoppedInstance("volume-linked-vm"));
    var name = api.get("/v1/volumes/" + volume).body().path("name").asText();
    signIn();

    go("#/images/create?volume=" + volume);

    var form = form();
    assertThat(form.getByLabel("Block Storage boot volume")).isChecked();
    assertThat(page.locator("#create-instances")).isHidden();
    assertThat(form.getByLabel(name, exact())).isChecked();
    form.getByLabel("Name", exact()).fill("from-linked-volume");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#capture-state")).hasText("The image is available.");
    assertThat(imageNamed("from-linked-volume").at("/source_volume/id").asText()).isEqualTo(volume);
  }

  @Test
  void a_running_instance_cannot_be_chosen_until_it_is_stopped_in_place() {
    var instance = runningInstance("running-vm");
    var id = instance.path("id").asText();
    var volumeName = instance.at("/boot_volume_attachment/volume/name").asText();
    var why =
        "Instance running-vm is running; stop it before creating an image from its boot volume.";
    signIn();
    go("#/images/create");
    var form = form();

    form.getByLabel("Block Storage boot volume").check();
    assertThat(form.getByLabel(volumeName, exact())).isDisabled();
    assertThat(form.getByLabel(volumeName, exact())).hasAccessibleDescription(why);
    assertThat(form.getByRole(AriaRole.BUTTON, button("Stop attached instance: running-vm")))
        .isVisible();

    form.getByLabel("Virtual server instance boot volume").check();
    var radio = form.getByLabel("running-vm", exact());
    assertThat(radio).isDisabled();
    assertThat(radio).hasAccessibleDescription(why);
    form.getByRole(AriaRole.BUTTON, button("Stop: running-vm")).click();

    assertThat(radio).isEnabled();
    assertThat(radio).isFocused();
    assertThat(api.get("/v1/instances/" + id).body().path("status").asText()).isEqualTo("stopped");
    radio.check();
    form.getByLabel("Name", exact()).fill("from-stopped-in-place");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();
    assertThat(page.locator("#capture-state")).hasText("The image is available.");
  }

  @Test
  void
      the_lifecycle_toggle_sends_both_dates_and_a_wrong_order_is_explained_before_anything_is_sent() {
    var instance = stoppedInstance("lifecycle-vm");
    var images = customImages();
    signIn();
    go("#/images/create?instance=" + instance.path("id").asText());
    var form = form();
    form.getByLabel("Name", exact()).fill("with-a-lifecycle");
    form.getByRole(
            AriaRole.SWITCH, new Locator.GetByRoleOptions().setName("Schedule the image lifecycle"))
        .check();
    form.getByLabel("Complete lifecycle").check();
    form.getByLabel("In a number of days").check();
    form.getByLabel("Deprecation in days").fill("10");
    form.getByLabel("Obsolescence in days").fill("5");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    var problem = "The obsolescence must come after the deprecation.";
    assertThat(page.locator("#create-lifecycle-problem")).hasText(problem);
    assertThat(form.getByLabel("Obsolescence in days")).hasAccessibleDescription(problem);
    assertThat(form.getByLabel("Deprecation in days")).hasAttribute("aria-invalid", "true");
    assertThat(customImages()).as("nothing was created").isEqualTo(images);

    form.getByLabel("Obsolescence in days").fill("20");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#capture-state")).hasText("The image is available.");
    var image = imageNamed("with-a-lifecycle");
    var now = Instant.now();
    assertThat(Instant.parse(image.path("deprecation_at").asText()))
        .isCloseTo(now.plus(10, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));
    assertThat(Instant.parse(image.path("obsolescence_at").asText()))
        .isCloseTo(now.plus(20, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void a_name_the_api_would_refuse_is_explained_beside_the_field_before_anything_is_sent() {
    var instance = stoppedInstance("bad-name-vm");
    var refused =
        api.post(
            "/v1/images",
            obj("name", "Not-Valid", "source_volume", obj("id", bootVolume(instance))));
    assertThat(refused.errorCode()).isEqualTo("validation_invalid_name");
    var images = customImages();
    signIn();
    go("#/images/create?instance=" + instance.path("id").asText());
    var form = form();

    form.getByLabel("Name", exact()).fill("Not-Valid");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#create-name-problem")).hasText(refused.errorMessage());
    assertThat(form.getByLabel("Name", exact())).isFocused();
    assertThat(form.getByLabel("Name", exact())).hasAttribute("aria-invalid", "true");
    assertThat(customImages()).isEqualTo(images);
  }

  @Test
  void a_taken_name_shows_the_api_s_message_and_trace_and_leaves_the_volume_free() {
    Images.insert(
        server.server().store(),
        List.of(Images.custom("already-taken", ImageStatus.AVAILABLE, group)));
    var instance = stoppedInstance("taken-name-vm");
    var volume = bootVolume(instance);
    var refused =
        api.post("/v1/images", obj("name", "already-taken", "source_volume", obj("id", volume)));
    assertThat(refused.errorCode()).isEqualTo("validation_unique_failed");
    signIn();
    go("#/images/create?instance=" + instance.path("id").asText());
    var form = form();

    form.getByLabel("Name", exact()).fill("already-taken");
    form.getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    var error = page.locator("#create-error");
    assertThat(error).isVisible();
    assertThat(error.locator(".error-message")).hasText(refused.errorMessage());
    assertThat(error.locator(".error-trace")).hasText(Pattern.compile("\\S{8,}"));
    assertThat(form).isVisible();
    assertThat(page.locator("#capture")).isHidden();
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
  }

  @Test
  void the_page_shows_a_held_capture_queued_then_the_progress_its_worker_reports() {
    var instance = stoppedInstance("progress-vm");
    server.server().jobs().pause();
    signIn();
    go("#/images/create?instance=" + instance.path("id").asText());
    form().getByLabel("Name", exact()).fill("watched-closely");
    form().getByRole(AriaRole.BUTTON, button("Create custom image")).click();

    assertThat(page.locator("#capture-state")).containsText("Queued");
    assertThat(page.locator("#capture-percent")).hasText("0%");
    var id = imageNamed("watched-closely").path("id").asText();

    var worker = new Worker(id);
    worker.reports(2 * GIB, 8 * GIB);
    assertThat(page.locator("#capture-state")).containsText("Running");
    assertThat(page.locator("#capture-percent")).hasText("25%");
    assertThat(page.locator("#capture-bytes")).hasText("2.0 GiB of 8.0 GiB");
    assertThat(page.getByRole(AriaRole.PROGRESSBAR)).hasAttribute("value", String.valueOf(2 * GIB));
    assertThat(page.locator("#capture-rate")).hasText(Pattern.compile("/s$"));

    worker.reports(6 * GIB, 8 * GIB);
    assertThat(page.locator("#capture-percent")).hasText("75%");
    assertThat(page.locator("#capture-eta")).not().hasText("—");
    Accessibility.assertAccessible(page);

    // the held capture is not left behind for the other tests
    assertThat(api.post("/imprint/v1/images/" + id + "/capture/cancel", obj()).status())
        .isEqualTo(202);
  }

  @Test
  void cancelling_a_held_capture_from_the_page_leaves_the_image_failed_and_the_volume_free() {
    var instance = stoppedInstance("cancel-from-page-vm");
    var volume = bootVolume(instance);
    server.server().jobs().pause();
    signIn();
    go("#/images/create?instance=" + instance.path("id").asText());
    form().getByLabel("Name", exact()).fill("cancelled-from-page");
    form().getByRole(AriaRole.BUTTON, button("Create custom image")).click();
    assertThat(page.locator("#capture-state")).containsText("Queued");

    page.getByRole(AriaRole.BUTTON, pageButton("Cancel capture")).click();

    assertThat(page.locator("#capture-state"))
        .hasText("The image failed: image_request_cancelled.");
    assertThat(page.locator("#capture-result"))
        .containsText("image_request_cancelled: The image creation was cancelled by the user.");
    var image = imageNamed("cancelled-from-page");
    assertThat(image.path("status").asText()).isEqualTo("failed");
    assertThat(image.at("/status_reasons/0/code").asText()).isEqualTo("image_request_cancelled");
    var capture = api.get("/imprint/v1/images/" + image.path("id").asText() + "/capture").body();
    assertThat(capture.path("state").asText()).isEqualTo("cancelled");
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
    var released = api.get("/v1/instances/" + instance.path("id").asText()).body();
    assertThat(released.path("startable").asBoolean()).isTrue();
  }

  @Test
  void leaving_the_page_or_signing_out_stops_following_the_capture() {
    var first = stoppedInstance("signed-out-vm");
    var second = stoppedInstance("left-vm");
    server.server().jobs().pause();
    var polls = new AtomicInteger();
    page.onRequest(
        request -> {
          if (request.url().contains("/capture")) {
            polls.incrementAndGet();
          }
        });
    signIn();
    var signedOut = createHeld(first, "followed-until-sign-out");
    page.getByRole(AriaRole.BUTTON, pageButton("Sign out")).click();
    assertThat(pollsAfterAWhile(polls)).as("no polling after a sign-out").isZero();

    signIn();
    var left = createHeld(second, "followed-until-left");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← Images")).click();
    assertThat(page.locator("#images")).isVisible();
    assertThat(pollsAfterAWhile(polls)).as("no polling once the page is left").isZero();

    for (var id : List.of(signedOut, left)) {
      assertThat(api.post("/imprint/v1/images/" + id + "/capture/cancel", obj()).status())
          .isEqualTo(202);
    }
  }

  /** Creates an image from a stopped instance on the page while jobs are held; answers its ID. */
  private String createHeld(JsonNode instance, String imageName) {
    go("#/images/create?instance=" + instance.path("id").asText());
    form().getByLabel("Name", exact()).fill(imageName);
    form().getByRole(AriaRole.BUTTON, button("Create custom image")).click();
    assertThat(page.locator("#capture-state")).containsText("Queued");
    return imageNamed(imageName).path("id").asText();
  }

  /** The polls made during a second, more than three of the page's periods. */
  private int pollsAfterAWhile(AtomicInteger polls) {
    // a poll under way at that moment may still answer; it is not followed by another
    page.waitForTimeout(400);
    polls.set(0);
    page.waitForTimeout(1_000);
    return polls.get();
  }

  // ---- a worker, as the job engine's would run a capture: claim, then heartbeats with progress

  /** Holds the capture job of {@code imageId} the way a worker that took it does. */
  private static final class Worker {
    private static final String OWNER = "console-test-worker";
    private final String jobId;

    Worker(String imageId) {
      var now = Instant.now();
      jobId =
          server
              .server()
              .store()
              .write(
                  tx -> {
                    var job =
                        tx.jobs()
                            .claim(
                                List.of("image.capture"),
                                new JobRepository.Claim(
                                    OWNER, now, now, now.plus(Duration.ofMinutes(10))))
                            .orElseThrow();
                    assertThat(job.resourceId()).isEqualTo(imageId);
                    var image = tx.images().get(imageId).orElseThrow();
                    assertThat(tx.images().update(ImageLifecycle.creationStarted(image))).isTrue();
                    return job.id();
                  });
    }

    /** A heartbeat, as the engine's leases record progress while a handler copies. */
    void reports(long done, long total) {
      var now = Instant.now();
      boolean ours =
          server
              .server()
              .store()
              .write(
                  tx ->
                      tx.jobs()
                          .heartbeat(
                              jobId,
                              OWNER,
                              now,
                              now.plus(Duration.ofMinutes(10)),
                              new Job.Progress(done, total)));
      assertThat(ours).isTrue();
    }
  }

  // ---- instances and images through the API

  private static JsonNode runningInstance(String name) {
    var created =
        api.post(
            "/v1/instances",
            obj(
                "name",
                name,
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", stockImage),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return api.awaitField(
            "/v1/instances/" + created.body().path("id").asText(), "status", "running")
        .body();
  }

  private static JsonNode stoppedInstance(String name) {
    var id = runningInstance(name).path("id").asText();
    api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    return api.awaitField("/v1/instances/" + id, "status", "stopped").body();
  }

  private static String bootVolume(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  private static JsonNode imageNamed(String name) {
    var images = api.get("/v1/images?name=" + name).body().path("images");
    assertThat(images).hasSize(1);
    return images.get(0);
  }

  private static int customImages() {
    return api.get("/v1/images?visibility=private").body().path("total_count").asInt();
  }

  private static List<String> tagsOf(JsonNode image) {
    var tags = new ArrayList<String>();
    api.get("/v3/tags?tag_type=user&attached_to=" + image.path("crn").asText())
        .body()
        .path("items")
        .forEach(tag -> tags.add(tag.path("name").asText()));
    return tags;
  }

  // ---- the page

  private void signIn() {
    ConsoleTest.signIn(page, server, TestServer.ADMIN_APIKEY);
    // the custom images are read, none at first
    assertThat(page.locator("#image-count")).hasText(Pattern.compile(" of \\d+$"));
  }

  /** Follows a link inside the signed-in page: the hash changes, the session stays. */
  private void go(String hash) {
    page.evaluate("hash => { location.hash = hash; }", hash);
    assertThat(page.locator("#image-create")).isVisible();
  }

  private Locator form() {
    return page.locator("#create-form");
  }

  private static Locator.GetByLabelOptions exact() {
    return new Locator.GetByLabelOptions().setExact(true);
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
}
