package io.imprint.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.imprint.core.app.common.VirtualClock;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.server.iam.Tokens.Refusal;
import io.imprint.server.iam.Tokens.Verdict;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM access tokens: what is issued verifies, every kind of bad token is refused for its own
 * reason, and neither a restart nor a key rotation logs anyone out.
 */
class TokensTest {
  static final String ISSUER = "https://iam.imprint.local/identity";
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String USER = "IBMid-0600000001";

  @TempDir Path dir;
  JdbcStore store;
  final MasterKey master = new MasterKey(new byte[32]);

  /** Moved only by the test, from a whole second: a token's times are whole seconds. */
  static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

  final VirtualClock clock = new VirtualClock(InstantSource.fixed(START));
  Tokens tokens;

  @BeforeEach
  void open() {
    store = JdbcStore.sqlite(dir.resolve("imprint.db"));
    tokens = Tokens.open(store, master, ISSUER, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void an_issued_token_verifies_with_its_identity_account_and_times() {
    var token = tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token();

    var verdict = tokens.verify(token);

    assertThat(verdict).isInstanceOf(Verdict.Valid.class);
    var claims = ((Verdict.Valid) verdict).claims();
    assertThat(claims.iamId()).isEqualTo(USER);
    assertThat(claims.accountId()).isEqualTo(ACCOUNT);
    assertThat(Duration.between(claims.issuedAt(), claims.expiresAt()))
        .isEqualTo(Duration.ofHours(1));
    assertThat(token.split("\\.")).hasSize(3);
  }

  @Test
  void a_missing_or_malformed_token_is_refused() {
    assertThat(tokens.verify(null)).isEqualTo(new Verdict.Refused(Refusal.MISSING));
    assertThat(tokens.verify(" ")).isEqualTo(new Verdict.Refused(Refusal.MISSING));
    assertThat(tokens.verify("not-a-token")).isEqualTo(new Verdict.Refused(Refusal.MALFORMED));
    assertThat(tokens.verify("a.b.c")).isEqualTo(new Verdict.Refused(Refusal.MALFORMED));
  }

  @Test
  void an_unsigned_token_alg_none_is_refused() {
    var header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    var body =
        b64(
            "{\"iam_id\":\""
                + USER
                + "\",\"account\":{\"bss\":\""
                + ACCOUNT
                + "\"},\"iss\":\""
                + ISSUER
                + "\",\"iat\":1,\"exp\":99999999999}");
    assertThat(tokens.verify(header + "." + body + "."))
        .isEqualTo(new Verdict.Refused(Refusal.WRONG_ALGORITHM));
  }

  @Test
  void a_token_signed_with_a_shared_secret_is_refused_even_under_our_key_id() throws Exception {
    var ours = SignedJWT.parse(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token());
    var forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getHeader().getKeyID()).build(),
            ours.getJWTClaimsSet());
    forged.sign(new MACSigner(new byte[32]));
    assertThat(tokens.verify(forged.serialize()))
        .isEqualTo(new Verdict.Refused(Refusal.WRONG_ALGORITHM));
  }

  @Test
  void a_token_signed_by_another_key_is_refused_by_its_key_id_or_its_signature() throws Exception {
    var ours = SignedJWT.parse(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token());
    var stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();

    var unknown =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(),
            ours.getJWTClaimsSet());
    unknown.sign(new RSASSASigner(stranger));
    assertThat(tokens.verify(unknown.serialize()))
        .isEqualTo(new Verdict.Refused(Refusal.UNKNOWN_KEY));

    var forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ours.getHeader().getKeyID()).build(),
            ours.getJWTClaimsSet());
    forged.sign(new RSASSASigner(stranger));
    assertThat(tokens.verify(forged.serialize()))
        .isEqualTo(new Verdict.Refused(Refusal.BAD_SIGNATURE));

    // one character of the signature changed: not among its last two, where base64url may carry
    // bits the decoder drops, so that a change there can leave the signature's bytes as they were
    var token = ours.serialize();
    int at = token.length() - 10;
    var tampered =
        token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    assertThat(tokens.verify(tampered)).isEqualTo(new Verdict.Refused(Refusal.BAD_SIGNATURE));
  }

  @Test
  void a_token_is_refused_once_it_has_expired() {
    var token = tokens.issue(USER, ACCOUNT, Duration.ofMinutes(5)).token();
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(tokens.verify(token)).isInstanceOf(Verdict.Valid.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.verify(token)).isEqualTo(new Verdict.Refused(Refusal.EXPIRED));
  }

  @Test
  void a_token_of_another_issuer_or_from_the_future_is_refused() {
    var elsewhere = Tokens.open(store, master, "https://iam.elsewhere/identity", clock);
    assertThat(tokens.verify(elsewhere.issue(USER, ACCOUNT, Duration.ofHours(1)).token()))
        .isEqualTo(new Verdict.Refused(Refusal.WRONG_ISSUER));

    var ahead = new VirtualClock(InstantSource.fixed(START));
    ahead.advance(Duration.ofHours(2));
    var early =
        Tokens.open(store, master, ISSUER, ahead).issue(USER, ACCOUNT, Duration.ofHours(3)).token();
    assertThat(tokens.verify(early)).isEqualTo(new Verdict.Refused(Refusal.NOT_YET_VALID));
  }

  @Test
  void a_token_lacking_its_identity_is_refused() throws Exception {
    var ours = SignedJWT.parse(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token());
    var claims = new JWTClaimsSet.Builder(ours.getJWTClaimsSet()).claim("iam_id", null).build();
    var signed = new SignedJWT(ours.getHeader(), claims);
    // signed with the real key, as a bug in an issuer would
    var key =
        com.nimbusds.jose.jwk.JWKSet.parse(
                new String(
                    master.unwrap(
                        Base64.getDecoder()
                            .decode(
                                store
                                    .read(tx -> tx.settings().get(Tokens.KEYS_SETTING))
                                    .orElseThrow())),
                    StandardCharsets.UTF_8))
            .getKeys()
            .getFirst()
            .toRSAKey();
    signed.sign(new RSASSASigner(key));
    assertThat(tokens.verify(signed.serialize()))
        .isEqualTo(new Verdict.Refused(Refusal.MISSING_CLAIMS));
  }

  @Test
  void tokens_outlive_a_restart_and_the_stored_keys_are_sealed() {
    var token = tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token();
    store.close();
    store = JdbcStore.sqlite(dir.resolve("imprint.db"));
    var reopened = Tokens.open(store, master, ISSUER, clock);

    assertThat(reopened.verify(token)).isInstanceOf(Verdict.Valid.class);
    var stored = store.read(tx -> tx.settings().get(Tokens.KEYS_SETTING)).orElseThrow();
    // sealed: what is stored is no JWK set, in the clear or merely base64-encoded (a random
    // ciphertext's base64 may hold any three letters, so its text is not searched for words)
    var bytes = new String(Base64.getDecoder().decode(stored), StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("\"kty\"").doesNotContain("\"keys\"");
    assertThat(master.unwrap(Base64.getDecoder().decode(stored)))
        .asString(StandardCharsets.UTF_8)
        .contains("\"kty\":\"RSA\"");
  }

  @Test
  void a_rotation_logs_nobody_out_and_a_retired_key_goes_after_the_longest_token_life()
      throws Exception {
    var before = tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token();
    var oldKid = SignedJWT.parse(before).getHeader().getKeyID();

    tokens.rotate();
    var after = tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token();

    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isNotEqualTo(oldKid);
    assertThat(tokens.verify(before)).isInstanceOf(Verdict.Valid.class);
    assertThat(tokens.verify(after)).isInstanceOf(Verdict.Valid.class);
    var jwks = tokens.publicKeys();
    assertThat(jwks).contains(oldKid).doesNotContain("\"d\":").doesNotContain("\"p\":");

    clock.advance(Tokens.MAX_TTL.plusMinutes(1));
    var later = Tokens.open(store, master, ISSUER, clock);
    assertThat(later.publicKeys()).doesNotContain(oldKid);
    // its key is checked before its time: refused for the key, not only for its age
    assertThat(later.verify(before)).isEqualTo(new Verdict.Refused(Refusal.UNKNOWN_KEY));
    assertThat(later.verify(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token()))
        .isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void a_key_that_signed_for_thirty_days_gives_way_to_a_new_one_at_the_next_token()
      throws Exception {
    var first = SignedJWT.parse(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token());
    clock.advance(Tokens.SIGNING_KEY_LIFE.plusMinutes(1));
    var next = SignedJWT.parse(tokens.issue(USER, ACCOUNT, Duration.ofHours(1)).token());
    assertThat(next.getHeader().getKeyID()).isNotEqualTo(first.getHeader().getKeyID());
    assertThat(tokens.verify(next.serialize())).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void a_node_verifies_tokens_signed_after_another_node_rotated_the_shared_keys() {
    var otherNode = Tokens.open(store, master, ISSUER, clock);
    assertThat(tokens.verify(otherNode.issue(USER, ACCOUNT, Duration.ofHours(1)).token()))
        .isInstanceOf(Verdict.Valid.class);
    otherNode.rotate();
    var signedAfter = otherNode.issue(USER, ACCOUNT, Duration.ofHours(1)).token();
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.verify(signedAfter)).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void the_public_key_set_is_a_jwks_of_rs256_signing_keys() throws Exception {
    var jwks = com.nimbusds.jose.jwk.JWKSet.parse(tokens.publicKeys());
    assertThat(jwks.getKeys()).hasSize(1);
    var key = jwks.getKeys().getFirst();
    assertThat(key.isPrivate()).isFalse();
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(key.getKeyID()).isNotBlank();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
