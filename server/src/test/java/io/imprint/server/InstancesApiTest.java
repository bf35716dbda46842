package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.ImageStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instances from images: the boot volume, attachments on both sides, power actions and deletion.
 */
class InstancesApiTest {
  static TestServer server;
  static Api api;
  static String imageId;
  static String subnet1;
  static String subnet2;
  static String vpcId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    imageId =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
    subnet1 = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    subnet2 = api.get("/v1/subnets?zone.name=us-south-2").body().at("/subnets/0/id").asText();
    vpcId = api.get("/v1/vpcs").body().at("/vpcs/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> prototype(String name) {
    return obj(
        "name",
        name,
        "zone",
        obj("name", "us-south-1"),
        "profile",
        obj("name", "bx2-2x8"),
        "vpc",
        obj("id", vpcId),
        "image",
        obj("id", imageId),
        "primary_network_interface",
        obj("subnet", obj("id", subnet1)));
  }

  static JsonNode create(Map<String, Object> prototype) {
    var response = api.post("/v1/instances", prototype);
    assertThat(response.status()).as(response.raw()).isEqualTo(201);
    return response.body();
  }

  @Test
  void an_instance_from_a_stock_image_starts_pending_and_becomes_running() {
    var instance = create(prototype("web-1"));
    assertThat(instance.path("status").asText()).isEqualTo("pending");
    assertThat(instance.path("id").asText()).matches("0717_[0-9a-f-]{36}");
    assertThat(instance.at("/image/id").asText()).isEqualTo(imageId);
    assertThat(instance.at("/primary_network_interface/primary_ip/address").asText())
        .startsWith("10.240.0.");
    for (var field :
        List.of(
            "availability_policy",
            "bandwidth",
            "boot_volume_attachment",
            "created_at",
            "crn",
            "disks",
            "enable_secure_boot",
            "health_reasons",
            "health_state",
            "href",
            "id",
            "lifecycle_reasons",
            "lifecycle_state",
            "memory",
            "metadata_service",
            "name",
            "network_attachments",
            "network_interfaces",
            "primary_network_interface",
            "profile",
            "reservation_affinity",
            "resource_group",
            "resource_type",
            "startable",
            "status",
            "status_reasons",
            "total_network_bandwidth",
            "total_volume_bandwidth",
            "vcpu",
            "volume_attachments",
            "vpc",
            "zone",
            "cluster_network_attachments",
            "confidential_compute_mode",
            "volume_bandwidth_qos_mode",
            "availability")) {
      assertThat(instance.has(field)).as(field).isTrue();
    }
    var running =
        api.awaitField("/v1/instances/" + instance.path("id").asText(), "status", "running");
    assertThat(running.body().path("lifecycle_state").asText()).isEqualTo("stable");
  }

  @Test
  void an_instance_shows_the_standard_availability_and_full_vcpu_share_of_its_profile() {
    var instance = create(prototype("plain-1"));
    assertThat(instance.at("/availability/class").asText()).isEqualTo("standard");
    assertThat(instance.at("/availability_policy/preemption").asText()).isEqualTo("stop");
    assertThat(instance.at("/vcpu/percentage").asInt()).isEqualTo(100);
    assertThat(instance.at("/profile/resource_type").asText()).isEqualTo("instance_profile");
    var profile = api.get("/v1/instance/profiles/bx2-2x8").body();
    assertThat(profile.at("/vcpu_percentage/values/0").asInt()).isEqualTo(100);
    assertThat(profile.at("/availability_class/value").asText()).isEqualTo("standard");
  }

  @Test
  void an_instance_made_with_a_network_attachment_also_shows_it_as_its_network_interface() {
    var request = prototype("attached-1");
    request.remove("primary_network_interface");
    request.put(
        "primary_network_attachment",
        obj("virtual_network_interface", obj("subnet", obj("id", subnet1))));
    var instance = create(request);
    var attachment = instance.path("primary_network_attachment");
    assertThat(instance.path("network_attachments")).containsExactly(attachment);
    assertThat(attachment.at("/virtual_network_interface/resource_type").asText())
        .isEqualTo("virtual_network_interface");
    assertThat(attachment.at("/virtual_network_interface/crn").asText())
        .contains(":us-south-1:")
        .endsWith(
            "::virtual-network-interface:"
                + attachment.at("/virtual_network_interface/id").asText());
    var nic = instance.path("primary_network_interface");
    assertThat(instance.path("network_interfaces")).containsExactly(nic);
    assertThat(nic.path("id")).isEqualTo(attachment.path("id"));
    assertThat(nic.path("subnet")).isEqualTo(attachment.path("subnet"));
    assertThat(nic.path("primary_ip").path("address"))
        .isEqualTo(attachment.path("primary_ip").path("address"));
    assertThat(nic.path("resource_type").asText()).isEqualTo("network_interface");
  }

  @Test
  void the_boot_volume_is_made_from_the_image_and_shows_the_attachment() {
    var instance = create(prototype("db-1"));
    var bootId = instance.at("/boot_volume_attachment/volume/id").asText();
    var boot = api.get("/v1/volumes/" + bootId).body();
    assertThat(boot.path("capacity").asInt()).isEqualTo(100);
    assertThat(boot.at("/operating_system/name").asText()).isEqualTo("debian-12-amd64");
    assertThat(boot.at("/source_image/id").asText()).isEqualTo(imageId);
    assertThat(boot.path("attachment_state").asText()).isEqualTo("attached");
    assertThat(boot.at("/volume_attachments/0/type").asText()).isEqualTo("boot");
    assertThat(boot.at("/volume_attachments/0/instance/id").asText())
        .isEqualTo(instance.path("id").asText());
    assertThat(boot.at("/volume_attachments/0/delete_volume_on_instance_delete").asBoolean())
        .isTrue();
    var attachment =
        api.get(instance.at("/boot_volume_attachment/href").asText().replace(server.baseUrl(), ""));
    assertThat(attachment.status()).isEqualTo(200);
    assertThat(attachment.body().path("type").asText()).isEqualTo("boot");
  }

  @Test
  void boot_capacity_must_be_100_to_250() {
    var small = prototype("small-boot");
    small.put(
        "boot_volume_attachment",
        obj("volume", obj("capacity", 50, "profile", obj("name", "general-purpose"))));
    var response = api.post("/v1/instances", small);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorTarget()).isEqualTo("boot_volume_attachment.volume.capacity");
    var big = prototype("big-boot");
    big.put(
        "boot_volume_attachment",
        obj(
            "volume",
            obj(
                "capacity",
                250,
                "name",
                "big-boot-volume",
                "profile",
                obj("name", "general-purpose"))));
    var created = create(big);
    assertThat(
            api.get("/v1/volumes/" + created.at("/boot_volume_attachment/volume/id").asText())
                .body()
                .path("capacity")
                .asInt())
        .isEqualTo(250);
    assertThat(created.at("/boot_volume_attachment/volume/name").asText())
        .isEqualTo("big-boot-volume");
  }

  @Test
  void an_sdp_boot_volume_may_be_made_up_to_the_profile_s_maximum_a_general_purpose_one_not() {
    var sdp = prototype("sdp-boot");
    sdp.put(
        "boot_volume_attachment",
        obj("volume", obj("capacity", 2000, "profile", obj("name", "sdp"))));
    var created = create(sdp);
    assertThat(
            api.get("/v1/volumes/" + created.at("/boot_volume_attachment/volume/id").asText())
                .body()
                .path("capacity")
                .asInt())
        .isEqualTo(2000);
    var general = prototype("general-boot");
    general.put(
        "boot_volume_attachment",
        obj("volume", obj("capacity", 2000, "profile", obj("name", "general-purpose"))));
    var refused = api.post("/v1/instances", general);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("validation_max_value");
    var tooBig = prototype("too-big-sdp-boot");
    tooBig.put(
        "boot_volume_attachment",
        obj("volume", obj("capacity", 32001, "profile", obj("name", "sdp"))));
    assertThat(api.post("/v1/instances", tooBig).errorCode()).isEqualTo("validation_max_value");
  }

  @Test
  void bad_references_are_400_with_the_field_as_target_and_create_nothing() {
    int instances = api.get("/v1/instances").body().path("total_count").asInt();
    int volumes = api.get("/v1/volumes").body().path("total_count").asInt();
    var noImage = prototype("x1");
    noImage.put("image", obj("id", "r006-00000000-0000-4000-8000-000000000000"));
    assertThat(api.post("/v1/instances", noImage).errorTarget()).isEqualTo("image.id");
    var wrongZone = prototype("x2");
    wrongZone.put("primary_network_interface", obj("subnet", obj("id", subnet2)));
    assertThat(api.post("/v1/instances", wrongZone).errorTarget())
        .isEqualTo("primary_network_interface.subnet.id");
    var badProfile = prototype("x3");
    badProfile.put("profile", obj("name", "bz2-2x8"));
    assertThat(api.post("/v1/instances", badProfile).errorTarget()).isEqualTo("profile.name");
    var noNic = prototype("x4");
    noNic.remove("primary_network_interface");
    assertThat(api.post("/v1/instances", noNic).errorCode()).isEqualTo("validation_required_field");
    var missingVolume = prototype("x5");
    missingVolume.put("volume_attachments", List.of(obj("volume", obj("id", "r006-nope"))));
    assertThat(api.post("/v1/instances", missingVolume).errorTarget())
        .isEqualTo("volume_attachments[0].volume.id");
    assertThat(api.get("/v1/instances").body().path("total_count").asInt()).isEqualTo(instances);
    assertThat(api.get("/v1/volumes").body().path("total_count").asInt()).isEqualTo(volumes);
  }

  @Test
  void an_image_that_is_not_usable_is_refused_with_image_as_target() {
    var group =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of())
            .body()
            .at("/resources/0/id")
            .asText();
    var obsolete = Images.custom("old-image", ImageStatus.OBSOLETE, group);
    Images.insert(server.server().store(), List.of(obsolete));
    var request = prototype("from-obsolete");
    request.put("image", obj("id", obsolete.id()));
    var response = api.post("/v1/instances", request);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("image_not_usable");
    assertThat(response.errorTarget()).isEqualTo("image");
  }

  @Test
  void stop_start_and_reboot_follow_the_power_state_machine() {
    var id = create(prototype("power-1")).path("id").asText();
    api.awaitField("/v1/instances/" + id, "status", "running");
    var stop = api.post("/v1/instances/" + id + "/actions", obj("type", "stop"));
    assertThat(stop.status()).isEqualTo(201);
    assertThat(stop.body().path("type").asText()).isEqualTo("stop");
    assertThat(stop.body().path("href").asText()).contains("/v1/instances/" + id + "/actions/");
    var stopped = api.awaitField("/v1/instances/" + id, "status", "stopped");
    assertThat(stopped.body().path("startable").asBoolean()).isTrue();
    var again = api.post("/v1/instances/" + id + "/actions", obj("type", "stop"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("invalid_state");
    assertThat(api.post("/v1/instances/" + id + "/actions", obj("type", "reboot")).status())
        .isEqualTo(409);
    assertThat(api.post("/v1/instances/" + id + "/actions", obj("type", "start")).status())
        .isEqualTo(201);
    api.awaitField("/v1/instances/" + id, "status", "running");
    assertThat(api.post("/v1/instances/" + id + "/actions", obj("type", "reboot")).status())
        .isEqualTo(201);
    api.awaitField("/v1/instances/" + id, "status", "running");
    assertThat(
            api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true))
                .body()
                .path("force")
                .asBoolean())
        .isTrue();
    assertThat(api.get("/v1/instances/" + id).body().path("status").asText()).isEqualTo("stopped");
    assertThat(api.post("/v1/instances/" + id + "/actions", obj("type", "dance")).errorCode())
        .isEqualTo("validation_enum");
  }

  @Test
  void data_volumes_attach_at_create_and_cannot_be_deleted_while_attached() {
    var data =
        api.post("/v1/volumes", VolumesApiTest.volume("attached-data", 10, "us-south-1"))
            .body()
            .path("id")
            .asText();
    var request = prototype("with-data");
    request.put("volume_attachments", List.of(obj("volume", obj("id", data), "name", "data-att")));
    var instance = create(request);
    assertThat(instance.path("volume_attachments")).hasSize(2);
    var refused = api.delete("/v1/volumes/" + data);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("volume_attached");
    var volume = api.get("/v1/volumes/" + data).body();
    assertThat(volume.path("attachment_state").asText()).isEqualTo("attached");
    assertThat(volume.at("/volume_attachments/0/delete_volume_on_instance_delete").asBoolean())
        .isFalse();
    // Deleting the instance takes its boot volume but leaves the data volume, now unattached.
    var bootId = instance.at("/boot_volume_attachment/volume/id").asText();
    assertThat(api.delete("/v1/instances/" + instance.path("id").asText()).status()).isEqualTo(204);
    assertThat(api.get("/v1/volumes/" + bootId).status()).isEqualTo(404);
    assertThat(api.get("/v1/volumes/" + data).body().path("attachment_state").asText())
        .isEqualTo("unattached");
    assertThat(api.delete("/v1/volumes/" + data).status()).isEqualTo(204);
  }

  @Test
  void a_volume_attached_elsewhere_cannot_be_attached_again() {
    var data =
        api.post("/v1/volumes", VolumesApiTest.volume("only-once", 10, "us-south-1"))
            .body()
            .path("id")
            .asText();
    var first = prototype("holder-1");
    first.put("volume_attachments", List.of(obj("volume", obj("id", data))));
    create(first);
    var second = prototype("holder-2");
    second.put("volume_attachments", List.of(obj("volume", obj("id", data))));
    var response = api.post("/v1/instances", second);
    assertThat(response.status()).isEqualTo(409);
    assertThat(api.get("/v1/instances?name=holder-2").body().path("total_count").asInt()).isZero();
  }

  @Test
  void concurrent_attachments_of_one_volume_let_exactly_one_win() throws Exception {
    var data =
        api.post("/v1/volumes", VolumesApiTest.volume("contested", 10, "us-south-1"))
            .body()
            .path("id")
            .asText();
    var instances = new ArrayList<String>();
    for (int i = 0; i < 6; i++) {
      instances.add(create(prototype("racer-" + i)).path("id").asText());
    }
    var statuses =
        Races.race(
            instances.stream()
                .<Callable<Integer>>map(
                    id ->
                        () ->
                            api.post(
                                    "/v1/instances/" + id + "/volume_attachments",
                                    obj("volume", obj("id", data)))
                                .status())
                .toList());
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
    assertThat(api.get("/v1/volumes/" + data).body().path("volume_attachments")).hasSize(1);
  }

  @Test
  void concurrent_deletes_of_one_instance_let_exactly_one_win() throws Exception {
    var id = create(prototype("deleted-twice")).path("id").asText();
    var statuses =
        Races.race(
            Collections.nCopies(
                6, (Callable<Integer>) () -> api.delete("/v1/instances/" + id).status()));
    assertThat(statuses).filteredOn(s -> s == 204).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 404).hasSize(5);
  }

  @Test
  void instances_can_be_renamed_and_filtered() {
    var id = create(prototype("rename-me")).path("id").asText();
    var renamed = api.patch("/v1/instances/" + id, obj("name", "renamed"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().path("name").asText()).isEqualTo("renamed");
    assertThat(api.get("/v1/instances?name=renamed").body().path("total_count").asInt())
        .isEqualTo(1);
    assertThat(api.get("/v1/instances?vpc.id=" + vpcId).body().path("total_count").asInt())
        .isPositive();
    assertThat(api.post("/v1/instances", prototype("renamed")).errorCode())
        .isEqualTo("validation_unique_failed");
  }

  @Test
  void a_subnet_in_use_and_a_vpc_with_subnets_cannot_be_deleted() {
    create(prototype("network-user"));
    assertThat(api.delete("/v1/subnets/" + subnet1).status()).isEqualTo(409);
    assertThat(api.delete("/v1/vpcs/" + vpcId).status()).isEqualTo(409);
  }
}
