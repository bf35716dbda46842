package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.domain.image.ImageStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what: every call needs a token the server issued, and the caller's policies decide on
 * the resource group, type or resource the call acts on.
 */
class AuthorizationApiTest {
  static TestServer server;
  static Api admin;
  static String teamGroup;
  static String otherGroup;
  static String teamVolume;
  static String otherVolume;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.api();
    teamGroup = admin.post("/v2/resource_groups", obj("name", "team")).body().path("id").asText();
    otherGroup = admin.post("/v2/resource_groups", obj("name", "other")).body().path("id").asText();
    teamVolume = volume(admin, "team-volume", teamGroup);
    otherVolume = volume(admin, "other-volume", otherGroup);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String volume(Api as, String name, String group) {
    var created = as.post("/v1/volumes", volumeBody(name, group));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  static Map<String, Object> volumeBody(String name, String group) {
    return obj(
        "name",
        name,
        "capacity",
        10,
        "profile",
        obj("name", "general-purpose"),
        "zone",
        obj("name", "us-south-1"),
        "resource_group",
        obj("id", group));
  }

  @Test
  void a_call_without_a_token_or_with_a_refused_one_is_a_401_in_ibms_error_body() {
    var none = admin.get("/v1/volumes", Map.of("Authorization", ""));
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("token_missing");
    var token = server.administratorToken();
    var parts = token.split("\\.");
    var forged =
        parts[0]
            + "."
            + parts[1]
            + "."
            + (parts[2].charAt(0) == 'A' ? "B" : "A")
            + parts[2].substring(1);
    var unsigned =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + ".";
    for (var bad :
        List.of("Bearer not-a-jwt", "Bearer " + forged, "Bearer " + unsigned, "Basic " + token)) {
      var refused = admin.get("/v1/volumes", Map.of("Authorization", bad));
      assertThat(refused.status()).as(bad).isEqualTo(401);
      assertThat(refused.errorCode()).as(bad).isEqualTo("token_invalid");
      assertThat(refused.body().path("trace").asText()).isNotBlank();
    }
    // the token endpoint and the keys stay open to all
    assertThat(admin.get("/identity/keys", Map.of("Authorization", "")).status()).isEqualTo(200);
  }

  @Test
  void with_auth_none_every_call_is_answered_without_a_token_and_events_name_no_one() {
    try (var open = TestServer.start(Map.of("auth", "none"))) {
      var anyone = open.api().as(null);
      assertThat(anyone.get("/v1/volumes").status()).isEqualTo(200);
      var created = anyone.post("/v1/vpcs", obj("name", "open-vpc"));
      assertThat(created.status()).isEqualTo(201);
      var events =
          anyone.get("/imprint/v1/events?action=is.vpc.vpc.create&limit=1").body().path("events");
      assertThat(events.get(0).at("/initiator/id").asText()).isEqualTo("anonymous");
    }
  }

  @Test
  void a_token_signed_by_another_key_or_with_a_shared_secret_is_refused() throws Exception {
    var ours = SignedJWT.parse(server.administratorToken());
    var claims = ours.getJWTClaimsSet();
    // a key of its own, under a kid the server publishes
    var stranger = new RSAKeyGenerator(2048).keyID(ours.getHeader().getKeyID()).generate();
    var impostor =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(), claims);
    impostor.sign(new RSASSASigner(stranger));
    var unknownKid =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-ours").build(), claims);
    unknownKid.sign(new RSASSASigner(stranger));
    // HS256 with the public key's bytes as the secret: the old algorithm-confusion trick
    var hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getHeader().getKeyID()).build(),
            claims);
    hmac.sign(new MACSigner(new byte[32]));
    for (var token : List.of(impostor, unknownKid, hmac)) {
      var refused =
          admin.get("/v1/volumes", Map.of("Authorization", "Bearer " + token.serialize()));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.errorCode()).isEqualTo("token_invalid");
    }
  }

  @Test
  void a_token_of_an_identity_that_no_longer_exists_is_refused() {
    var ghost = admin.as(server.tokenOf("IBMid-gone000000"));
    assertThat(ghost.get("/v1/volumes").errorCode()).isEqualTo("token_invalid");
  }

  @Test
  void a_user_without_policies_is_refused_with_the_action_named() {
    var nobody = admin.as(server.tokenOf(Callers.user(server, "nobody")));
    var refused = nobody.get("/v1/volumes/" + teamVolume);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("not_authorized");
    assertThat(refused.errorMessage()).contains("is.volume.volume.read");
    assertThat(nobody.get("/v1/regions").status()).isEqualTo(403);
  }

  @Test
  void a_viewer_of_a_resource_group_reads_and_lists_only_that_groups_resources() {
    var viewer =
        Callers.holding(server, Role.VIEWER, new PolicyResource("is", teamGroup, null, null));
    assertThat(viewer.get("/v1/volumes/" + teamVolume).status()).isEqualTo(200);
    assertThat(viewer.get("/v1/volumes/" + otherVolume).status()).isEqualTo(403);
    var listed = viewer.get("/v1/volumes?limit=100").body();
    var ids = new ArrayList<String>();
    listed.path("volumes").forEach(v -> ids.add(v.path("id").asText()));
    assertThat(ids).contains(teamVolume).doesNotContain(otherVolume);
    assertThat(listed.path("total_count").asInt()).isEqualTo(ids.size());
    // reading is not writing
    assertThat(viewer.post("/v1/volumes", volumeBody("viewer-made", teamGroup)).status())
        .isEqualTo(403);
    assertThat(viewer.get("/v1/regions").status()).isEqualTo(200);
    assertThat(viewer.get("/v2/resource_groups/" + teamGroup).status()).isEqualTo(200);
    assertThat(viewer.get("/v2/resource_groups/" + otherGroup).status()).isEqualTo(403);
  }

  @Test
  void an_editor_of_a_group_creates_there_and_nowhere_else() {
    var editor =
        Callers.holding(server, Role.EDITOR, new PolicyResource("is", teamGroup, null, null));
    assertThat(editor.post("/v1/volumes", volumeBody("editor-made", teamGroup)).status())
        .isEqualTo(201);
    var elsewhere = editor.post("/v1/volumes", volumeBody("editor-elsewhere", otherGroup));
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.errorMessage()).contains("is.volume.volume.create");
    // account matters stay the Administrator's
    assertThat(editor.get("/imprint/v1/events").status()).isEqualTo(403);
    assertThat(editor.post("/v2/resource_groups", obj("name", "mine")).status()).isEqualTo(403);
  }

  @Test
  void a_role_on_one_resource_covers_that_resource_alone() {
    var holder =
        Callers.holding(server, Role.EDITOR, new PolicyResource("is", null, "volume", teamVolume));
    assertThat(holder.patch("/v1/volumes/" + teamVolume, obj("name", "renamed-by-holder")).status())
        .isEqualTo(200);
    assertThat(holder.patch("/v1/volumes/" + otherVolume, obj("name", "nope")).status())
        .isEqualTo(403);
    var listed = holder.get("/v1/volumes?limit=100").body();
    assertThat(listed.path("total_count").asInt()).isEqualTo(1);
  }

  @Test
  void capturing_a_volume_also_needs_read_on_the_volume() {
    // an Editor of images in the group, who may not read its volumes
    var imager =
        Callers.holding(server, Role.EDITOR, new PolicyResource("is", teamGroup, "image", null));
    var refused =
        imager.post(
            "/v1/images",
            obj(
                "name",
                "captured",
                "deprecation_at",
                "2030-01-01T00:00:00Z",
                "resource_group",
                obj("id", teamGroup),
                "source_volume",
                obj("id", teamVolume)));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorMessage()).contains("is.volume.volume.read");
  }

  @Test
  void a_flood_of_calls_without_a_token_writes_a_bounded_number_of_events() {
    try (var flooded = TestServer.start()) {
      var anonymous = flooded.api().as(null);
      for (int i = 0; i < 50; i++) {
        assertThat(anonymous.delete("/v1/volumes/r006-flood-" + i).status()).isEqualTo(401);
      }
      var events =
          flooded.api().get("/imprint/v1/events?action=is.volume.volume.delete&limit=100").body();
      assertThat(events.path("events").size()).isEqualTo(20);
      assertThat(events.at("/events/0/severity").asText()).isEqualTo("critical");
      assertThat(events.at("/events/0/initiator/id").asText()).isEqualTo("anonymous");
    }
  }

  /** A VPC and a subnet of {@code group}, as the administrator makes them: {vpc, subnet}. */
  static String[] network(String group) {
    var vpc =
        admin
            .post(
                "/v1/vpcs",
                obj("name", "net-" + UUID.randomUUID(), "resource_group", obj("id", group)))
            .body()
            .path("id")
            .asText();
    var subnet =
        admin
            .post(
                "/v1/subnets",
                obj(
                    "name",
                    "sub-" + UUID.randomUUID(),
                    "vpc",
                    obj("id", vpc),
                    "zone",
                    obj("name", "us-south-1"),
                    "total_ipv4_address_count",
                    64,
                    "resource_group",
                    obj("id", group)))
            .body()
            .path("id")
            .asText();
    return new String[] {vpc, subnet};
  }

  static Map<String, Object> instanceBody(String group, String vpc, String subnet, String image) {
    return obj(
        "name",
        "vm-" + UUID.randomUUID().toString().substring(0, 8),
        "zone",
        obj("name", "us-south-1"),
        "profile",
        obj("name", "bx2-2x8"),
        "vpc",
        obj("id", vpc),
        "image",
        obj("id", image),
        "primary_network_interface",
        obj("subnet", obj("id", subnet)),
        "resource_group",
        obj("id", group));
  }

  static String stockImage() {
    return admin
        .get("/v1/images?name=ibm-debian-12-minimal-amd64-1")
        .body()
        .at("/images/0/id")
        .asText();
  }

  @Test
  void an_instance_uses_only_images_networks_and_volumes_its_maker_may_use() {
    var team = network(teamGroup);
    var other = network(otherGroup);
    var othersImage = Images.custom("others-private", ImageStatus.AVAILABLE, otherGroup);
    Images.insert(server.server().store(), List.of(othersImage));
    var editor = Callers.holding(server, Role.EDITOR, PolicyResource.resourceGroup(teamGroup));

    var withTheirImage =
        editor.post("/v1/instances", instanceBody(teamGroup, team[0], team[1], othersImage.id()));
    assertThat(withTheirImage.status()).isEqualTo(403);
    assertThat(withTheirImage.errorMessage()).contains("is.image.image.operate");
    var onTheirSubnet =
        editor.post("/v1/instances", instanceBody(teamGroup, team[0], other[1], stockImage()));
    assertThat(onTheirSubnet.status()).isEqualTo(403);
    assertThat(onTheirSubnet.errorMessage()).contains("is.subnet.subnet.operate");
    var inTheirVpc =
        editor.post(
            "/v1/subnets",
            obj(
                "name",
                "sneaky",
                "vpc",
                obj("id", other[0]),
                "zone",
                obj("name", "us-south-1"),
                "total_ipv4_address_count",
                16,
                "resource_group",
                obj("id", teamGroup)));
    assertThat(inTheirVpc.status()).isEqualTo(403);
    assertThat(inTheirVpc.errorMessage()).contains("is.vpc.vpc.operate");

    var own = editor.post("/v1/instances", instanceBody(teamGroup, team[0], team[1], stockImage()));
    assertThat(own.status()).as(own.raw()).isEqualTo(201);
    var attachTheirs =
        editor.post(
            "/v1/instances/" + own.body().path("id").asText() + "/volume_attachments",
            obj("volume", obj("id", otherVolume)));
    assertThat(attachTheirs.status()).isEqualTo(403);
    assertThat(attachTheirs.errorMessage()).contains("is.volume.volume.operate");
  }

  @Test
  void an_images_consumers_show_only_what_the_caller_may_read() {
    var team = network(teamGroup);
    var other = network(otherGroup);
    var stock = stockImage();
    var mine = admin.post("/v1/instances", instanceBody(teamGroup, team[0], team[1], stock));
    var theirs = admin.post("/v1/instances", instanceBody(otherGroup, other[0], other[1], stock));
    assertThat(theirs.status()).as(theirs.raw()).isEqualTo(201);
    var viewer = Callers.holding(server, Role.VIEWER, PolicyResource.resourceGroup(teamGroup));

    var seen = viewer.get("/imprint/v1/images/" + stock + "/consumers").body().toString();
    assertThat(seen)
        .contains(mine.body().path("id").asText())
        .doesNotContain(theirs.body().path("id").asText());
    assertThat(admin.get("/imprint/v1/images/" + stock + "/consumers").body().toString())
        .contains(theirs.body().path("id").asText());
  }

  @Test
  void refusals_of_what_belongs_to_no_resource_are_events_about_the_account() {
    var nobody = admin.as(server.tokenOf(Callers.user(server, "curious")));
    assertThat(nobody.get("/imprint/v1/events").status()).isEqualTo(403);
    assertThat(nobody.get("/v1/regions").status()).isEqualTo(403);
    var events =
        admin
            .get("/imprint/v1/events?action=imprint.event.event.list&outcome=failure&limit=5")
            .body()
            .path("events");
    assertThat(events).isNotEmpty();
    var refusal = events.get(0);
    assertThat(refusal.path("severity").asText()).isEqualTo("critical");
    assertThat(refusal.at("/initiator/name").asText()).isEqualTo("curious");
    assertThat(refusal.at("/target/id").asText())
        .isEqualTo(
            "crn:v1:bluemix:public:imprint::a/a1b2c3d4e5f60718293a4b5c6d7e8f90::account:"
                + "a1b2c3d4e5f60718293a4b5c6d7e8f90");
    assertThat(
            admin
                .get("/imprint/v1/events?action=is.region.region.list&outcome=failure&limit=5")
                .body()
                .path("events"))
        .isNotEmpty();
  }

  @Test
  void events_name_the_caller_and_refusals_are_critical_events() {
    var nobody = admin.as(server.tokenOf(Callers.user(server, "intruder")));
    assertThat(nobody.delete("/v1/volumes/" + teamVolume).status()).isEqualTo(403);
    var events = admin.get("/imprint/v1/events?action=is.volume.volume.delete&limit=5").body();
    var refusal = events.path("events").get(0);
    assertThat(refusal.path("outcome").asText()).isEqualTo("failure");
    assertThat(refusal.path("severity").asText()).isEqualTo("critical");
    assertThat(refusal.at("/reason/reasonCode").asInt()).isEqualTo(403);
    assertThat(refusal.at("/initiator/name").asText()).isEqualTo("intruder");
    assertThat(refusal.at("/initiator/credential/type").asText()).isEqualTo("apikey");
  }
}
