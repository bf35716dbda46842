package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Regions, zones, operating systems, profiles, resource groups, VPCs and subnets. */
class CatalogApiTest {
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_configured_region_and_its_three_zones_are_served() {
    var regions = api.get("/v1/regions").body().path("regions");
    assertThat(regions).hasSize(1);
    assertThat(regions.at("/0/name").asText()).isEqualTo("us-south");
    assertThat(regions.at("/0/endpoint").asText()).isEqualTo(server.baseUrl());
    assertThat(api.get("/v1/regions/us-south").body().path("status").asText())
        .isEqualTo("available");
    assertThat(api.get("/v1/regions/eu-de").status()).isEqualTo(404);
    var zones = api.get("/v1/regions/us-south/zones").body().path("zones");
    assertThat(zones).hasSize(3);
    assertThat(zones.at("/0/region/name").asText()).isEqualTo("us-south");
    assertThat(api.get("/v1/regions/us-south/zones/us-south-2").body().path("name").asText())
        .isEqualTo("us-south-2");
    assertThat(api.get("/v1/regions/us-south/zones/us-south-9").status()).isEqualTo(404);
  }

  @Test
  void operating_systems_are_listed_and_read_by_name() {
    var list = api.get("/v1/operating_systems").body();
    assertThat(list.path("operating_systems").size()).isGreaterThanOrEqualTo(5);
    assertThat(list.path("total_count").asInt()).isEqualTo(list.path("operating_systems").size());
    var os = api.get("/v1/operating_systems/debian-12-amd64").body();
    assertThat(os.path("architecture").asText()).isEqualTo("amd64");
    assertThat(os.path("user_data_format").asText()).isEqualTo("cloud_init");
    assertThat(api.get("/v1/operating_systems/plan9").status()).isEqualTo(404);
    var paged = api.get("/v1/operating_systems?limit=2").body();
    assertThat(paged.path("operating_systems")).hasSize(2);
    var next =
        api.get(
                "/v1/operating_systems?limit=2&start="
                    + ImagesApiTest.startOf(paged.at("/next/href").asText()))
            .body();
    assertThat(next.at("/operating_systems/0/name").asText())
        .isNotEqualTo(paged.at("/operating_systems/0/name").asText());
  }

  @Test
  void instance_profiles_cover_two_architectures() {
    var profiles = api.get("/v1/instance/profiles").body().path("profiles");
    assertThat(profiles.findValuesAsText("default")).contains("amd64", "s390x");
    var one = api.get("/v1/instance/profiles/bx2-2x8").body();
    assertThat(one.at("/vcpu_count/value").asInt()).isEqualTo(2);
    assertThat(one.at("/memory/value").asInt()).isEqualTo(8);
    assertThat(api.get("/v1/instance/profiles/zz9-1x1").status()).isEqualTo(404);
    assertThat(api.get("/v1/volume/profiles").body().path("profiles").findValuesAsText("name"))
        .contains("general-purpose", "sdp");
  }

  @Test
  void an_instance_profile_offers_exactly_what_an_instance_of_it_gets() {
    var profile = api.get("/v1/instance/profiles/bx2-2x8").body();
    var offers = new TreeMap<String, String>();
    profile.properties().forEach(e -> offers.put(e.getKey(), e.getValue().toString()));
    assertThat(offers)
        .containsEntry("resource_type", "\"instance_profile\"")
        .containsEntry("availability_class", "{\"type\":\"fixed\",\"value\":\"standard\"}")
        .containsEntry("vcpu_percentage", "{\"default\":100,\"type\":\"enum\",\"values\":[100]}")
        .containsEntry("vcpu_burst_limit", "{\"type\":\"fixed\",\"value\":100}")
        .containsEntry(
            "secure_boot_modes", "{\"default\":false,\"type\":\"enum\",\"values\":[false]}")
        .containsEntry(
            "confidential_compute_modes",
            "{\"default\":\"disabled\",\"type\":\"enum\",\"values\":[\"disabled\"]}")
        .containsEntry(
            "volume_bandwidth_qos_modes",
            "{\"default\":\"pooled\",\"type\":\"enum\",\"values\":[\"pooled\"]}")
        .containsEntry("reservation_terms", "{\"type\":\"enum\",\"values\":[]}")
        .containsEntry(
            "cluster_network_attachment_count", "{\"default\":0,\"type\":\"enum\",\"values\":[0]}")
        .containsEntry("supported_cluster_network_profiles", "[]")
        .containsEntry("network_attachment_count", "{\"max\":1,\"min\":1,\"type\":\"range\"}")
        .containsEntry("network_interface_count", "{\"max\":1,\"min\":1,\"type\":\"range\"}")
        .containsEntry("network_bandwidth_mode", "{\"type\":\"fixed\",\"value\":\"divided\"}");
  }

  @Test
  void a_default_resource_group_exists_and_groups_can_be_managed() {
    var groups =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of()).body().path("resources");
    assertThat(groups.findValuesAsText("name")).contains("Default");
    var created = api.post("/v2/resource_groups", obj("name", "team-a"));
    assertThat(created.status()).isEqualTo(201);
    var id = created.body().path("id").asText();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(created.body().path("crn").asText()).contains("resource-group:" + id);
    assertThat(api.post("/v2/resource_groups", obj("name", "team-a")).errorCode())
        .isEqualTo("validation_unique_failed");
    assertThat(
            api.patch("/v2/resource_groups/" + id, obj("name", "team-b"))
                .body()
                .path("name")
                .asText())
        .isEqualTo("team-b");
    var volume =
        api.post(
            "/v1/volumes",
            obj(
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1"),
                "resource_group",
                obj("id", id)));
    assertThat(volume.body().at("/resource_group/name").asText()).isEqualTo("team-b");
    var refused = api.delete("/v2/resource_groups/" + id);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("resource_group_not_empty");
    assertThat(api.delete("/v1/volumes/" + volume.body().path("id").asText()).status())
        .isEqualTo(204);
    assertThat(api.delete("/v2/resource_groups/" + id).status()).isEqualTo(204);
    assertThat(api.raw("GET", "/v2/resource_groups/" + id, null, null, Map.of()).status())
        .isEqualTo(404);
    var defaultId =
        api.raw("GET", "/v2/resource_groups?name=Default", null, null, Map.of())
            .body()
            .at("/resources/0/id")
            .asText();
    assertThat(api.delete("/v2/resource_groups/" + defaultId).status()).isEqualTo(409);
  }

  @Test
  void the_default_vpc_has_one_subnet_per_zone_and_more_can_be_made() {
    var vpcs = api.get("/v1/vpcs").body().path("vpcs");
    assertThat(vpcs.findValuesAsText("name")).contains("default-vpc");
    var vpcId = vpcs.get(0).path("id").asText();
    assertThat(api.get("/v1/subnets?vpc.id=" + vpcId).body().path("total_count").asInt())
        .isEqualTo(3);
    assertThat(
            api.get("/v1/subnets?zone.name=us-south-3").body().at("/subnets/0/zone/name").asText())
        .isEqualTo("us-south-3");
    var vpc = api.post("/v1/vpcs", obj("name", "lab"));
    assertThat(vpc.status()).isEqualTo(201);
    var subnet =
        api.post(
            "/v1/subnets",
            obj(
                "name",
                "lab-1",
                "vpc",
                obj("id", vpc.body().path("id").asText()),
                "zone",
                obj("name", "us-south-1"),
                "ipv4_cidr_block",
                "10.10.0.0/24"));
    assertThat(subnet.status()).as(subnet.raw()).isEqualTo(201);
    assertThat(subnet.body().path("total_ipv4_address_count").asInt()).isEqualTo(256);
    assertThat(subnet.body().path("available_ipv4_address_count").asInt()).isEqualTo(251);
    assertThat(
            api.post(
                    "/v1/subnets",
                    obj(
                        "vpc",
                        obj("id", vpc.body().path("id").asText()),
                        "zone",
                        obj("name", "us-south-1"),
                        "ipv4_cidr_block",
                        "10.10.0.1/24"))
                .errorTarget())
        .isEqualTo("ipv4_cidr_block");
    assertThat(api.delete("/v1/vpcs/" + vpc.body().path("id").asText()).status()).isEqualTo(409);
    assertThat(api.delete("/v1/subnets/" + subnet.body().path("id").asText()).status())
        .isEqualTo(204);
    assertThat(api.delete("/v1/vpcs/" + vpc.body().path("id").asText()).status()).isEqualTo(204);
  }

  @Test
  void a_vpc_uses_ibms_system_dns_resolvers_and_refers_to_its_acl_table_and_group_by_crn() {
    var vpc = api.get("/v1/vpcs").body().at("/vpcs/0");
    var id = vpc.path("id").asText();
    var resolver = vpc.at("/dns/resolver");
    assertThat(resolver.path("type").asText()).isEqualTo("system");
    assertThat(resolver.path("configuration").asText()).isEqualTo("default");
    assertThat(resolver.path("servers").findValuesAsText("address"))
        .containsExactly("161.26.0.10", "161.26.0.11");
    assertThat(vpc.path("public_address_ranges").isArray()).isTrue();
    assertThat(vpc.path("public_address_ranges")).isEmpty();
    assertThat(vpc.at("/default_network_acl/crn").asText())
        .endsWith("::network-acl:" + vpc.at("/default_network_acl/id").asText());
    assertThat(vpc.at("/default_security_group/crn").asText())
        .endsWith("::security-group:" + vpc.at("/default_security_group/id").asText());
    assertThat(vpc.at("/default_routing_table/crn").asText())
        .startsWith("crn:v1:bluemix:public:is:us-south:a/")
        .endsWith("::vpc-routing-table:" + id + "/" + vpc.at("/default_routing_table/id").asText());
    assertThat(vpc.at("/default_routing_table/resource_type").asText()).isEqualTo("routing_table");
    var subnet = api.get("/v1/subnets?vpc.id=" + id).body().at("/subnets/0");
    assertThat(subnet.path("routing_table")).isEqualTo(vpc.path("default_routing_table"));
    assertThat(subnet.path("network_acl")).isEqualTo(vpc.path("default_network_acl"));
  }
}
