package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IAM's token endpoint as the official SDK calls it: sdk-core's IamAuthenticator, given only the
 * server's URL and an API key, gets a Bearer token that Imprint's published keys verify.
 */
class IdentityApiTest {
  static final String KEY = "imprint-test-bootstrap-key-0123456789abcdef";
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("bootstrap-apikey", KEY));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_official_sdk_gets_a_bearer_token_for_the_administrator_s_key() throws Exception {
    var authenticator = new IamAuthenticator.Builder().apikey(KEY).url(server.baseUrl()).build();
    var request = new Request.Builder().url(server.baseUrl() + "/v1/regions");

    authenticator.authenticate(request);

    var header = request.build().header("Authorization");
    assertThat(header).startsWith("Bearer ");
    var jwt = SignedJWT.parse(header.substring("Bearer ".length()));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("iam_id")).startsWith("IBMid-");
    assertThat(
            jwt.getJWTClaimsSet().getExpirationTime().getTime() / 1000
                - jwt.getJWTClaimsSet().getIssueTime().getTime() / 1000)
        .isEqualTo(3600);
    var keys = JWKSet.parse(api.raw("GET", "/identity/keys", null, null, Map.of()).raw());
    var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))).isTrue();
  }

  @Test
  void the_token_answer_has_the_fields_every_sdk_reads() throws Exception {
    var answer = token("urn:ibm:params:oauth:grant-type:apikey", KEY);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    var body = answer.body();
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
    var claims = SignedJWT.parse(body.path("access_token").asText()).getJWTClaimsSet();
    assertThat(body.path("expiration").asLong())
        .isEqualTo(claims.getExpirationTime().getTime() / 1000);
    assertThat(body.path("refresh_token").asText()).isNotBlank();
  }

  @Test
  void a_wrong_key_a_wrong_grant_or_a_json_body_is_refused() {
    var wrong = token("urn:ibm:params:oauth:grant-type:apikey", "y".repeat(44));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.errorCode()).isEqualTo("BXNIM0415E");
    var grant = token("password", KEY);
    assertThat(grant.status()).isEqualTo(400);
    assertThat(grant.errorTarget()).isEqualTo("grant_type");
    var missing = token("urn:ibm:params:oauth:grant-type:apikey", "");
    assertThat(missing.errorTarget()).isEqualTo("apikey");
    var json =
        api.raw(
            "POST",
            "/identity/token",
            "{\"apikey\":\"" + KEY + "\"}",
            "application/json",
            Map.of());
    assertThat(json.status()).isEqualTo(415);
  }

  @Test
  void a_refresh_token_gives_a_new_access_token_until_its_api_key_is_locked() {
    var serviceId =
        api.post("/v1/serviceids", Map.of("name", "refresher", "account_id", ACCOUNT)).body();
    var key =
        api.post(
                "/v1/apikeys",
                Map.of("name", "refresher-key", "iam_id", serviceId.path("iam_id").asText()))
            .body();
    var first = token("urn:ibm:params:oauth:grant-type:apikey", key.path("apikey").asText());
    var refreshToken = first.body().path("refresh_token").asText();

    var refreshed = refresh(refreshToken);
    assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
    assertThat(refreshed.body().path("access_token").asText())
        .isNotEqualTo(first.body().path("access_token").asText());
    // a refresh token opens no door itself
    var asBearer = api.get("/v1/regions", Map.of("Authorization", "Bearer " + refreshToken));
    assertThat(asBearer.status()).isEqualTo(401);
    assertThat(asBearer.errorMessage()).contains("refresh token");
    // nor does an access token refresh
    assertThat(refresh(first.body().path("access_token").asText()).errorCode())
        .isEqualTo("BXNIM0407E");

    var keyId = key.path("id").asText();
    assertThat(api.raw("POST", "/v1/apikeys/" + keyId + "/lock", null, null, Map.of()).status())
        .isEqualTo(204);
    var locked = refresh(refreshToken);
    assertThat(locked.status()).isEqualTo(400);
    assertThat(locked.errorCode()).isEqualTo("BXNIM0407E");
  }

  private static Api.Response refresh(String refreshToken) {
    return api.raw(
        "POST",
        "/identity/token",
        "grant_type=refresh_token&refresh_token=" + refreshToken,
        "application/x-www-form-urlencoded",
        Map.of("Authorization", ""));
  }

  private static Api.Response token(String grant, String key) {
    return api.raw(
        "POST",
        "/identity/token",
        "grant_type="
            + java.net.URLEncoder.encode(grant, java.nio.charset.StandardCharsets.UTF_8)
            + "&apikey="
            + key
            + "&response_type=cloud_iam",
        "application/x-www-form-urlencoded",
        Map.of());
  }
}
