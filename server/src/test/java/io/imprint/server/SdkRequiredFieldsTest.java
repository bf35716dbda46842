package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every response carries every field the official SDK models (API version 2026-03-24) mark
 * required: the Python SDK refuses a body that lacks one. The lists, and where each came from, are
 * {@code sdk-required-fields.json}; this test makes one of each resource on a real server (a VPC, a
 * subnet, a data volume, an instance of each network style, an image captured from a boot volume,
 * an imported one, a stock one) and reads each back, alone and in its list. A null counts as
 * missing.
 */
class SdkRequiredFieldsTest {
  static TestServer server;
  static Api api;
  static Map<String, JsonNode> models = new HashMap<>();
  static Map<String, String> ids = new HashMap<>();

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    api = server.api();
    try (var in = SdkRequiredFieldsTest.class.getResourceAsStream("/sdk-required-fields.json")) {
      var sections = Api.JSON.readTree(in).path("models");
      sections.forEach(
          section -> section.properties().forEach(m -> models.put(m.getKey(), m.getValue())));
    }

    var group =
        api.raw(
            "POST",
            "/v2/resource_groups",
            "{\"name\":\"sdk-fields\"}",
            "application/json",
            Map.of());
    ids.put("group", created(group).path("id").asText());
    ids.put("vpc", created(api.post("/v1/vpcs", obj("name", "sdk-vpc"))).path("id").asText());
    var subnet =
        api.post(
            "/v1/subnets",
            obj(
                "name",
                "sdk-subnet",
                "vpc",
                obj("id", ids.get("vpc")),
                "zone",
                obj("name", "us-south-1"),
                "ipv4_cidr_block",
                "10.20.0.0/24"));
    ids.put("subnet", created(subnet).path("id").asText());
    ids.put(
        "stock_image",
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1")
            .body()
            .at("/images/0/id")
            .asText());

    var byInterface =
        created(
            api.post(
                "/v1/instances",
                obj(
                    "name",
                    "sdk-vm",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", ids.get("stock_image")),
                    "primary_network_interface",
                    obj("subnet", obj("id", ids.get("subnet"))))));
    ids.put("instance", byInterface.path("id").asText());
    ids.put("boot_volume", byInterface.at("/boot_volume_attachment/volume/id").asText());
    var byAttachment =
        created(
            api.post(
                "/v1/instances",
                obj(
                    "name",
                    "sdk-vm-attached",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", ids.get("stock_image")),
                    "primary_network_attachment",
                    obj(
                        "virtual_network_interface",
                        obj("subnet", obj("id", ids.get("subnet")))))));
    ids.put("attached_instance", byAttachment.path("id").asText());

    var volume =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                "sdk-data",
                "capacity",
                20,
                "profile",
                obj("name", "sdp"),
                "zone",
                obj("name", "us-south-1")));
    ids.put("data_volume", created(volume).path("id").asText());
    var attachment =
        api.post(
            "/v1/instances/" + ids.get("instance") + "/volume_attachments",
            obj("volume", obj("id", ids.get("data_volume"))));
    ids.put("data_attachment", created(attachment).path("id").asText());

    api.post(
        "/v1/instances/" + ids.get("instance") + "/actions", obj("type", "stop", "force", true));
    api.awaitField("/v1/instances/" + ids.get("instance"), "status", "stopped");
    var captured =
        api.post(
            "/v1/images",
            obj("name", "sdk-captured", "source_volume", obj("id", ids.get("boot_volume"))));
    ids.put("captured_image", created(captured).path("id").asText());
    api.awaitField("/v1/images/" + ids.get("captured_image"), "status", "available");

    var file = server.dataDir().resolve("import").resolve("sdk.img");
    Files.write(file, new byte[4096]);
    var imported =
        api.post(
            "/v1/images",
            obj(
                "name",
                "sdk-imported",
                "file",
                obj("href", file.toUri().toString()),
                "operating_system",
                obj("name", "debian-12-amd64")));
    ids.put("imported_image", created(imported).path("id").asText());
    api.awaitField("/v1/images/" + ids.get("imported_image"), "status", "available");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode created(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isEqualTo(201);
    return response.body();
  }

  @ParameterizedTest(name = "GET {0} is a complete {1}")
  @CsvSource({
    "/v1/images/{captured_image},                                  Image",
    "/v1/images/{imported_image},                                  Image",
    "/v1/images/{stock_image},                                     Image",
    "/v1/images?limit=2,                                           ImageCollection",
    "/v1/volumes/{data_volume},                                    Volume",
    "/v1/volumes/{boot_volume},                                    Volume",
    "/v1/volumes?limit=2,                                          VolumeCollection",
    "/v1/instances/{instance},                                     Instance",
    "/v1/instances/{attached_instance},                            Instance",
    "/v1/instances?limit=1,                                        InstanceCollection",
    "/v1/instances/{instance}/volume_attachments,                  VolumeAttachmentCollection",
    "/v1/instances/{instance}/volume_attachments/{data_attachment}, VolumeAttachment",
    "/v1/instance/profiles,                                        InstanceProfileCollection",
    "/v1/instance/profiles/bx2-2x8,                                InstanceProfile",
    "/v1/instance/profiles/bz2-2x8,                                InstanceProfile",
    "/v1/volume/profiles?limit=2,                                  VolumeProfileCollection",
    "/v1/volume/profiles/general-purpose,                          VolumeProfile",
    "/v1/volume/profiles/custom,                                   VolumeProfile",
    "/v1/volume/profiles/sdp,                                      VolumeProfile",
    "/v1/vpcs/{vpc},                                               VPC",
    "/v1/vpcs?limit=1,                                             VPCCollection",
    "/v1/subnets/{subnet},                                         Subnet",
    "/v1/subnets?limit=2,                                          SubnetCollection",
    "/v1/regions,                                                  RegionCollection",
    "/v1/regions/us-south,                                         Region",
    "/v1/regions/us-south/zones,                                   ZoneCollection",
    "/v1/regions/us-south/zones/us-south-1,                        Zone",
    "/v1/operating_systems?limit=2,                                OperatingSystemCollection",
    "/v1/operating_systems/debian-12-amd64,                        OperatingSystem",
    "/v2/resource_groups,                                          ResourceGroupList",
    "/v2/resource_groups/{group},                                  ResourceGroup"
  })
  void every_required_field_is_sent(String path, String model) {
    var response = api.get(resolve(path));
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    assertThat(collectionItems(response.body(), model)).as("items of " + path).isNotEmpty();
    var missing = new ArrayList<String>();
    check(response.body(), model, "", missing);
    assertThat(missing).as(model + " from " + path + ": " + response.raw()).isEmpty();
  }

  @Test
  void a_volume_names_the_instance_holding_it_with_ibms_instance_reference() {
    var attachments =
        api.get("/v1/volumes/" + ids.get("data_volume")).body().path("volume_attachments");
    assertThat(attachments).hasSize(1);
    var instance = attachments.at("/0/instance");
    assertThat(instance.path("id").asText()).isEqualTo(ids.get("instance"));
    // InstanceReference is {crn, deleted?, href, id, name}: unlike most references it has no
    // resource_type
    assertThat(instance.has("resource_type")).as(instance.toString()).isFalse();
    for (var volume : api.get("/v1/volumes?limit=100").body().path("volumes")) {
      for (var a : volume.path("volume_attachments")) {
        assertThat(a.path("instance").has("resource_type")).as(a.toString()).isFalse();
      }
    }
  }

  private static String resolve(String path) {
    var m = Pattern.compile("\\{(\\w+)}").matcher(path);
    return m.replaceAll(r -> ids.get(r.group(1)));
  }

  /** The items of a collection model (its one array of models), so an empty list checks nothing. */
  private static List<JsonNode> collectionItems(JsonNode body, String model) {
    if (!model.endsWith("Collection") && !model.endsWith("List")) {
      return List.of(body);
    }
    var items = new ArrayList<JsonNode>();
    for (var entry : models.get(model)) {
      var field = Field.parse(entry.asText());
      if (field.array()) {
        body.path(field.name()).forEach(items::add);
      }
    }
    return items;
  }

  /** Adds to {@code missing} the path of every required field of {@code model} that is absent. */
  private static void check(JsonNode node, String modelName, String path, List<String> missing) {
    var model = models.get(modelName);
    assertThat(model).as("model " + modelName + " in sdk-required-fields.json").isNotNull();
    if (model.has("one_of")) {
      var type = node.path("type").asText(null);
      for (var variant : model.path("one_of")) {
        if (fields(variant.asText()).stream()
            .anyMatch(f -> type != null && type.equals(f.value()))) {
          check(node, variant.asText(), path, missing);
          return;
        }
      }
      missing.add(path + ".type (no variant of " + modelName + " has type " + type + ")");
      return;
    }
    for (var field : fields(modelName)) {
      var value = node.get(field.name());
      var at = path + "." + field.name();
      if (value == null || value.isNull()) {
        if (!field.optional()) {
          missing.add(at);
        }
      } else if (field.model() != null && field.array()) {
        if (!value.isArray()) {
          missing.add(at + " (not an array)");
        } else {
          for (int i = 0; i < value.size(); i++) {
            check(value.get(i), field.model(), at + "[" + i + "]", missing);
          }
        }
      } else if (field.model() != null) {
        check(value, field.model(), at, missing);
      }
    }
  }

  private static List<Field> fields(String modelName) {
    var list = new ArrayList<Field>();
    models.get(modelName).forEach(entry -> list.add(Field.parse(entry.asText())));
    return list;
  }

  /**
   * One entry of a model: {@code name}, {@code name: Model}, {@code name[]: Model}, {@code name?:
   * Model} or {@code type=value}.
   */
  record Field(String name, boolean array, boolean optional, String model, String value) {
    static final Pattern SYNTAX = Pattern.compile("(\\w+)(\\[])?(\\?)?(?:: (\\w+))?(?:=(\\w+))?");

    static Field parse(String entry) {
      var m = SYNTAX.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a field entry: " + entry);
      }
      return new Field(m.group(1), m.group(2) != null, m.group(3) != null, m.group(4), m.group(5));
    }
  }
}
