package io.imprint.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Create image" from the four places other than the images page (IBM's console has five: the
 * images page's Create is in {@link ConsoleCreateImageTest}): the instances list, an instance's
 * details, the volumes list and a volume's details. Each opens the one form with its source chosen,
 * and the capture is followed until the image is available.
 */
class ConsoleCreateImageEntryPointsTest {
  @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();

  @Test
  void an_instance_s_row_in_the_instances_list_creates_an_image_of_its_boot_volume() {
    var instance = Instances.stopped(console.api(), "entry-instance-row");
    createFrom(
        "#/instances",
        page -> {
          var row = row("#instance-rows", "entry-instance-row");
          row.getByLabel("Actions for entry-instance-row").click();
          row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Create image"))
              .click();
        },
        "from-instance-row",
        bootVolumeOf(instance));
  }

  @Test
  void an_instance_s_details_page_creates_an_image_of_its_boot_volume() {
    var instance = Instances.stopped(console.api(), "entry-instance-details");
    createFrom(
        "#/instances/" + instance.path("id").asText(),
        page ->
            page.locator("#instance-details")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Create image"))
                .click(),
        "from-instance-details",
        bootVolumeOf(instance));
  }

  @Test
  void a_boot_volume_s_row_in_the_volumes_list_creates_an_image_of_it() {
    var volume = bootVolumeOf(Instances.stopped(console.api(), "entry-volume-row"));
    var name = volumeName(volume);
    createFrom(
        "#/volumes",
        page -> {
          var row = row("#volume-rows", name);
          row.getByLabel("Actions for " + name).click();
          row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Create image"))
              .click();
        },
        "from-volume-row",
        volume);
  }

  @Test
  void a_boot_volume_s_details_page_creates_an_image_of_it() {
    var volume = bootVolumeOf(Instances.stopped(console.api(), "entry-volume-details"));
    createFrom(
        "#/volumes/" + volume,
        page ->
            page.locator("#volume-actions")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Create image"))
                .click(),
        "from-volume-details",
        volume);
  }

  /** Opens {@code start}, follows its Create image, names the image and waits for available. */
  private static void createFrom(
      String start, Consumer<Page> followCreateImage, String imageName, String volume) {
    var page = console.page();
    console.open(start);
    followCreateImage.accept(page);

    assertThat(page).hasURL(Pattern.compile("#/images/create\\?(instance|volume)="));
    var form = page.locator("#create-form");
    form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill(imageName);
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create custom image"))
        .click();

    assertThat(page.locator("#capture-state")).hasText("The image is available.");
    var images = console.api().get("/v1/images?name=" + imageName).body().path("images");
    assertThat(images).hasSize(1);
    assertThat(images.get(0).at("/source_volume/id").asText()).isEqualTo(volume);
    assertThat(images.get(0).path("status").asText()).isEqualTo("available");
  }

  private static Locator row(String rows, String name) {
    var page = console.page();
    return page.locator(rows + " tr")
        .filter(
            new Locator.FilterOptions()
                .setHas(
                    page.getByRole(
                        AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))));
  }

  private static String bootVolumeOf(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  private static String volumeName(String volume) {
    return console.api().get("/v1/volumes/" + volume).body().path("name").asText();
  }
}
