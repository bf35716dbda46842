package io.imprint.server;

import static io.imprint.server.KeyProtect.INSTANCE;
import static io.imprint.server.KeyProtect.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v2/keys}: Key Protect's root keys on the same server, called as Key Protect's clients
 * call them (its paths, its {@code bluemix-instance} header, its bodies).
 */
class KeysApiTest {
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
  void
      a_user_creates_a_root_key_and_reads_its_metadata_with_a_key_protect_crn_but_never_its_material() {
    var created =
        api.raw(
            "POST",
            "/api/v2/keys",
            KeyProtect.createBody("my-root-key"),
            "application/vnd.ibm.kms.key+json",
            instance());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().at("/metadata/collectionType").asText())
        .isEqualTo("application/vnd.ibm.kms.key+json");
    assertThat(created.body().at("/metadata/collectionTotal").asInt()).isEqualTo(1);
    var id = created.body().at("/resources/0/id").asText();

    var read = api.raw("GET", "/api/v2/keys/" + id, null, null, instance());
    assertThat(read.status()).isEqualTo(200);
    var key = read.body().at("/resources/0");
    assertThat(key.path("name").asText()).isEqualTo("my-root-key");
    assertThat(key.path("state").asInt()).isEqualTo(1);
    assertThat(key.path("extractable").asBoolean()).isFalse();
    assertThat(key.path("crn").asText())
        .matches("crn:v1:bluemix:public:kms:us-south:a/[0-9a-f]{32}:" + INSTANCE + ":key:" + id);
    assertThat(key.at("/keyVersion/id").asText()).isNotBlank();
    assertThat(key.has("payload")).isFalse();
    assertThat(read.raw()).doesNotContain("payload").doesNotContain("sealed");
  }

  @Test
  void keys_are_listed_per_instance_and_a_key_of_another_instance_is_not_found() {
    var id = KeyProtect.createKey(api, "listed-key");
    var other = Map.of("bluemix-instance", "0b1f4e2c-0000-4000-8000-000000000001");

    var listed = api.raw("GET", "/api/v2/keys", null, null, instance());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().path("resources").findValuesAsText("id")).contains(id);
    assertThat(listed.body().at("/metadata/collectionTotal").asInt())
        .isEqualTo(listed.body().path("resources").size());
    assertThat(api.raw("GET", "/api/v2/keys", null, null, other).body().path("resources"))
        .isEmpty();
    assertThat(api.raw("GET", "/api/v2/keys/" + id, null, null, other).status()).isEqualTo(404);
  }

  @Test
  void a_call_without_the_bluemix_instance_header_is_a_clear_400() {
    var response = api.raw("GET", "/api/v2/keys", null, null, Map.of());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_required_field");
    assertThat(response.errorTarget()).isEqualTo("bluemix-instance");
    assertThat(response.errorMessage()).contains("bluemix-instance");
  }

  @Test
  void a_data_key_wrapped_by_a_root_key_unwraps_to_the_same_bytes() {
    var id = KeyProtect.createKey(api, "wrapping-key");
    var dek = Base64.getEncoder().encodeToString(new byte[32]);

    var wrapped = action(id, "wrap", "{\"plaintext\":\"" + dek + "\",\"aad\":[\"volume-1\"]}");
    assertThat(wrapped.status()).as(wrapped.raw()).isEqualTo(200);
    var ciphertext = wrapped.body().path("ciphertext").asText();
    assertThat(wrapped.body().at("/keyVersion/id").asText()).isNotBlank();
    assertThat(wrapped.body().has("plaintext")).as("a given key is not echoed").isFalse();

    var unwrapped =
        action(id, "unwrap", "{\"ciphertext\":\"" + ciphertext + "\",\"aad\":[\"volume-1\"]}");
    assertThat(unwrapped.status()).isEqualTo(200);
    assertThat(unwrapped.body().path("plaintext").asText()).isEqualTo(dek);
    assertThat(unwrapped.body().has("rewrappedKey")).isFalse();

    var withoutAad = action(id, "unwrap", "{\"ciphertext\":\"" + ciphertext + "\"}");
    assertThat(withoutAad.status()).isEqualTo(422);
    assertThat(withoutAad.errorCode()).isEqualTo("UNPROCESSABLE_CIPHERTEXT_ERR");
  }

  @Test
  void wrapping_without_a_plaintext_generates_a_data_key_and_returns_it_once() {
    var id = KeyProtect.createKey(api, "generating-key");
    var wrapped = action(id, "wrap", "{}");
    assertThat(wrapped.status()).isEqualTo(200);
    var plaintext = wrapped.body().path("plaintext").asText();
    assertThat(Base64.getDecoder().decode(plaintext)).hasSize(32);
    var unwrapped =
        action(
            id,
            "unwrap",
            "{\"ciphertext\":\"" + wrapped.body().path("ciphertext").asText() + "\"}");
    assertThat(unwrapped.body().path("plaintext").asText()).isEqualTo(plaintext);
  }

  @Test
  void a_disabled_key_refuses_to_wrap_until_enabled_again() {
    var id = KeyProtect.createKey(api, "disabled-key");
    assertThat(action(id, "disable", null).status()).isEqualTo(204);
    assertThat(state(id)).isEqualTo(2);

    var refused = action(id, "wrap", "{}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("KEY_ACTION_INVALID_STATE_ERR");

    assertThat(action(id, "enable", null).status()).isEqualTo(204);
    assertThat(state(id)).isEqualTo(1);
    assertThat(action(id, "wrap", "{}").status()).isEqualTo(200);
  }

  @Test
  void
      deleting_a_key_that_protects_a_resource_is_refused_until_forced_and_shows_its_registrations() {
    var id = KeyProtect.createKey(api, "protecting-key");
    var volume = "crn:v1:bluemix:public:is:us-south-1:a/acc::volume:r006-protected";
    KeyProtect.register(server, api, id, volume);

    var registrations =
        api.raw("GET", "/api/v2/keys/" + id + "/registrations", null, null, instance());
    assertThat(registrations.status()).isEqualTo(200);
    assertThat(registrations.body().at("/metadata/collectionType").asText())
        .isEqualTo("application/vnd.ibm.kms.registration+json");
    assertThat(registrations.body().at("/resources/0/resourceCrn").asText()).isEqualTo(volume);

    var refused = api.raw("DELETE", "/api/v2/keys/" + id, null, null, instance());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("PROTECTED_RESOURCE_ERR");

    var headers = new HashMap<>(instance());
    headers.put("Prefer", "return=representation");
    var deleted = api.raw("DELETE", "/api/v2/keys/" + id + "?force=true", null, null, headers);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().at("/resources/0/state").asInt()).isEqualTo(5);
    assertThat(deleted.body().at("/resources/0/deleted").asBoolean()).isTrue();
    assertThat(action(id, "wrap", "{}").status()).isEqualTo(409);
    assertThat(api.raw("GET", "/api/v2/keys", null, null, instance()).raw()).doesNotContain(id);
  }

  @Test
  void after_a_rotation_old_ciphertexts_still_unwrap_and_are_offered_rewrapped() {
    var id = KeyProtect.createKey(api, "rotated-key");
    var old = action(id, "wrap", "{}");
    var oldVersion = old.body().at("/keyVersion/id").asText();

    assertThat(action(id, "rotate", null).status()).isEqualTo(204);
    server.runDueJobs();
    var key =
        api.raw("GET", "/api/v2/keys/" + id, null, null, instance()).body().at("/resources/0");
    var newVersion = key.at("/keyVersion/id").asText();
    assertThat(newVersion).isNotEqualTo(oldVersion);
    assertThat(key.path("lastRotateDate").asText()).isNotBlank();
    assertThat(key.at("/imprintRewrap/state").asText()).isEqualTo("succeeded");

    var ciphertext = old.body().path("ciphertext").asText();
    var unwrapped = action(id, "unwrap", "{\"ciphertext\":\"" + ciphertext + "\"}");
    assertThat(unwrapped.status()).isEqualTo(200);
    assertThat(unwrapped.body().path("plaintext").asText())
        .isEqualTo(old.body().path("plaintext").asText());
    assertThat(unwrapped.body().at("/keyVersion/id").asText()).isEqualTo(oldVersion);
    assertThat(unwrapped.body().at("/rewrappedKeyVersion/id").asText()).isEqualTo(newVersion);

    var rewrapped = action(id, "rewrap", "{\"ciphertext\":\"" + ciphertext + "\"}");
    assertThat(rewrapped.status()).isEqualTo(200);
    assertThat(rewrapped.body().at("/keyVersion/id").asText()).isEqualTo(newVersion);
  }

  @Test
  void each_key_operation_is_an_activity_tracker_event_on_the_key_crn() {
    var id = KeyProtect.createKey(api, "audited-key");
    action(id, "wrap", "{}");
    action(id, "disable", null);
    var crn = KeyProtect.crnOf(api, id);

    var events = api.get("/imprint/v1/events?target.crn=" + crn).body().path("events");
    assertThat(events.findValuesAsText("action"))
        .contains("kms.secrets.create", "kms.secrets.wrap", "kms.secrets.disable");
  }

  @Test
  void a_reader_lists_keys_but_may_not_create_or_wrap() {
    var id = KeyProtect.createKey(api, "read-only-key");
    var viewer = Callers.holding(server, Role.VIEWER, PolicyResource.account());

    assertThat(viewer.raw("GET", "/api/v2/keys", null, null, instance()).status()).isEqualTo(200);
    assertThat(viewer.raw("GET", "/api/v2/keys/" + id, null, null, instance()).status())
        .isEqualTo(200);
    var create =
        viewer.raw(
            "POST", "/api/v2/keys", KeyProtect.createBody("nope"), "application/json", instance());
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.errorMessage()).contains("kms.secrets.create");
    var wrap =
        viewer.raw(
            "POST", "/api/v2/keys/" + id + "/actions/wrap", "{}", "application/json", instance());
    assertThat(wrap.status()).isEqualTo(403);

    var operator = Callers.holding(server, Role.OPERATOR, PolicyResource.account());
    assertThat(
            operator
                .raw(
                    "POST",
                    "/api/v2/keys/" + id + "/actions/wrap",
                    "{}",
                    "application/json",
                    instance())
                .status())
        .isEqualTo(200);
  }

  private static Api.Response action(String id, String action, String body) {
    return api.raw(
        "POST",
        "/api/v2/keys/" + id + "/actions/" + action,
        body,
        body == null ? null : "application/vnd.ibm.kms.key_action+json",
        instance());
  }

  private static int state(String id) {
    return api.raw("GET", "/api/v2/keys/" + id, null, null, instance())
        .body()
        .at("/resources/0/state")
        .asInt();
  }
}
