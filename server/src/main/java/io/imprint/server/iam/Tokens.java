package io.imprint.server.iam;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IAM access tokens as IBM issues them: RS256 JWTs with a {@code kid}, and the public keys as a
 * JWKS, on nimbus-jose-jwt. The signing keys live in the store's settings, wrapped by the master
 * key, so every node of a cluster signs and verifies with the same keys and a restart logs nobody
 * out. {@link #rotate} adds a new signing key and keeps the older ones for verification until the
 * tokens they signed have expired, so a rotation logs nobody out either.
 *
 * <p>Time is real time ({@code clock}), never the virtual clock: rehearsing a year of lifecycle
 * must not expire every session.
 *
 * <p>{@link Authorizer} checks them on every API call.
 */
public final class Tokens {
  /** The setting that keeps the key set, wrapped by the master key. */
  static final String KEYS_SETTING = "iam.signing-keys";

  /** How long a retired signing key still verifies: the longest token lifetime allowed. */
  static final Duration MAX_TTL = Duration.ofHours(24);

  /** How long a key signs before the next token is signed by a new one. */
  static final Duration SIGNING_KEY_LIFE = Duration.ofDays(30);

  /** At most one reload a second for tokens of a kid this node does not know yet. */
  private static final Duration RELOAD_PAUSE = Duration.ofSeconds(1);

  /** What a verified token says. */
  /**
   * What a verified token says. {@code refreshOf} is set on a refresh token only: the API key the
   * session began with, checked again at each refresh.
   */
  public record Claims(
      String iamId, String accountId, Instant issuedAt, Instant expiresAt, String refreshOf) {
    public boolean isRefresh() {
      return refreshOf != null;
    }
  }

  /** The claim that makes a token a refresh token, naming its API key's id. */
  static final String REFRESH_CLAIM = "imprint_refresh_of";

  /** Why a token is refused; each is a 401. */
  public enum Refusal {
    MISSING,
    MALFORMED,
    WRONG_ALGORITHM,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    EXPIRED,
    NOT_YET_VALID,
    WRONG_ISSUER,
    MISSING_CLAIMS
  }

  /** A token's fate: its claims, or why it was refused. */
  public sealed interface Verdict {
    record Valid(Claims claims) implements Verdict {}

    record Refused(Refusal refusal) implements Verdict {}
  }

  private static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;

  private final Store store;
  private final KeyWrapper wrapper;
  private final String issuer;
  private final InstantSource clock;
  private volatile KeyRing ring;
  private volatile Instant reloadedAt = Instant.EPOCH;

  /** The signing key (newest) and the keys that still verify, with when each was retired. */
  private record KeyRing(RSAKey signing, Map<String, RSAKey> verifying) {}

  private Tokens(Store store, KeyWrapper wrapper, String issuer, InstantSource clock) {
    this.store = store;
    this.wrapper = wrapper;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * The tokens of this deployment: its key set from the store, made when first needed (an RSA key
   * costs a tenth of a second, which a server that never issues a token need not pay at start).
   */
  public static Tokens open(Store store, KeyWrapper wrapper, String issuer, InstantSource clock) {
    return new Tokens(store, wrapper, issuer, clock);
  }

  /** The key ring, loaded (or made, the first time ever) at its first use. */
  private KeyRing ring() {
    var current = ring;
    if (current == null) {
      synchronized (this) {
        if (ring == null) {
          load();
        }
        current = ring;
      }
    }
    return current;
  }

  /** A signed token and the moment it expires (the token endpoint says it beside the token). */
  public record Issued(String token, Instant expiresAt) {}

  /** A signed access token for {@code iamId} of {@code accountId}, valid for {@code ttl}. */
  public Issued issue(String iamId, String accountId, Duration ttl) {
    return sign(iamId, accountId, ttl, null);
  }

  /**
   * A refresh token of the session {@code iamId} began with the API key {@code apiKeyId}: IBM's
   * SDKs and CLI send it back for a new access token. It lives {@link #MAX_TTL}, the longest a
   * retired signing key still verifies; then the API key is asked for again.
   */
  public Issued issueRefresh(String iamId, String accountId, String apiKeyId) {
    return sign(iamId, accountId, MAX_TTL, apiKeyId);
  }

  private Issued sign(String iamId, String accountId, Duration ttl, String refreshOf) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a token lives from a second to " + MAX_TTL + ": " + ttl);
    }
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    var claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issuer(issuer)
            .subject(iamId)
            .claim("iam_id", iamId)
            .claim("account", Map.of("bss", accountId))
            .claim("grant_type", "urn:ibm:params:oauth:grant-type:apikey")
            .claim(REFRESH_CLAIM, refreshOf)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .build();
    var signing = ring().signing();
    if (signing.getIssueTime().toInstant().plus(SIGNING_KEY_LIFE).isBefore(now)) {
      rotate();
      signing = ring().signing();
    }
    var jwt =
        new SignedJWT(new JWSHeader.Builder(ALGORITHM).keyID(signing.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(signing));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
    return new Issued(jwt.serialize(), now.plus(ttl));
  }

  /** Checks {@code token}: its algorithm, key, signature, issuer, times and claims. */
  public Verdict verify(String token) {
    if (token == null || token.isBlank()) {
      return new Verdict.Refused(Refusal.MISSING);
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      // an unsigned token ("alg": "none") is not a JWS at all, so it ends here too
      return new Verdict.Refused(isUnsigned(token) ? Refusal.WRONG_ALGORITHM : Refusal.MALFORMED);
    }
    if (!ALGORITHM.equals(jwt.getHeader().getAlgorithm())) {
      return new Verdict.Refused(Refusal.WRONG_ALGORITHM);
    }
    var kid = jwt.getHeader().getKeyID();
    // an immutable map refuses to be asked for null: a token without a kid names no key
    var key = kid == null ? null : ring().verifying().get(kid);
    if (key == null && kid != null && reloaded()) {
      // another node sharing the store may have rotated
      key = ring().verifying().get(kid);
    }
    if (key == null) {
      return new Verdict.Refused(Refusal.UNKNOWN_KEY);
    }
    try {
      if (jwt.getState() != JWSObject.State.SIGNED
          || !jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
        return new Verdict.Refused(Refusal.BAD_SIGNATURE);
      }
    } catch (JOSEException e) {
      return new Verdict.Refused(Refusal.BAD_SIGNATURE);
    }
    try {
      var claims = jwt.getJWTClaimsSet();
      var iamId = claims.getStringClaim("iam_id");
      var account = claims.getJSONObjectClaim("account");
      var issued = claims.getIssueTime();
      var expires = claims.getExpirationTime();
      if (iamId == null
          || account == null
          || !(account.get("bss") instanceof String accountId)
          || issued == null
          || expires == null) {
        return new Verdict.Refused(Refusal.MISSING_CLAIMS);
      }
      if (!issuer.equals(claims.getIssuer())) {
        return new Verdict.Refused(Refusal.WRONG_ISSUER);
      }
      var now = clock.instant();
      if (!now.isBefore(expires.toInstant())) {
        return new Verdict.Refused(Refusal.EXPIRED);
      }
      // a minute of leeway for the clocks of a cluster's nodes
      if (issued.toInstant().isAfter(now.plusSeconds(60))) {
        return new Verdict.Refused(Refusal.NOT_YET_VALID);
      }
      return new Verdict.Valid(
          new Claims(
              iamId,
              accountId,
              issued.toInstant(),
              expires.toInstant(),
              claims.getStringClaim(REFRESH_CLAIM)));
    } catch (ParseException e) {
      return new Verdict.Refused(Refusal.MALFORMED);
    }
  }

  /** Reads the key set again, unless it was read less than {@link #RELOAD_PAUSE} ago. */
  private synchronized boolean reloaded() {
    var now = clock.instant();
    if (now.isBefore(reloadedAt.plus(RELOAD_PAUSE))) {
      return false;
    }
    reloadedAt = now;
    load();
    return true;
  }

  /** The public keys that verify tokens, as a JWKS document ({@code GET /identity/keys}). */
  public String publicKeys() {
    return new JWKSet(List.copyOf(ring().verifying().values())).toPublicJWKSet().toString();
  }

  /**
   * A new signing key; the previous ones keep verifying the tokens they signed (until {@link
   * #MAX_TTL} after this rotation, when the next rotation or start drops them).
   */
  public synchronized void rotate() {
    var now = clock.instant();
    // the stored set, not this node's copy: another node may have rotated since
    load();
    var keys = new ArrayList<RSAKey>();
    keys.add(newKey(now));
    for (var key : ring().verifying().values()) {
      keys.add(retired(key, now));
    }
    save(keys, now);
  }

  /** Reads the key set, or makes and stores the first one; the caller holds this lock. */
  private void load() {
    var now = clock.instant();
    var stored = store.read(tx -> tx.settings().get(KEYS_SETTING));
    if (stored.isEmpty()) {
      save(List.of(newKey(now)), now);
      return;
    }
    try {
      var json =
          new String(
              wrapper.unwrap(Base64.getDecoder().decode(stored.get())), StandardCharsets.UTF_8);
      var keys = new ArrayList<RSAKey>();
      for (var jwk : JWKSet.parse(json).getKeys()) {
        keys.add(jwk.toRSAKey());
      }
      ring = ring(keys, now);
    } catch (ParseException e) {
      throw new IllegalStateException("the stored IAM signing keys cannot be read", e);
    }
  }

  private void save(List<RSAKey> keys, Instant now) {
    var kept = ring(keys, now);
    var all = new ArrayList<>(kept.verifying().values());
    var wrapped =
        Base64.getEncoder()
            .encodeToString(
                wrapper.wrap(
                    new JWKSet(List.copyOf(all)).toString(false).getBytes(StandardCharsets.UTF_8)));
    store.write(
        tx -> {
          tx.settings().put(KEYS_SETTING, wrapped);
          return null;
        });
    ring = kept;
  }

  /** The newest key signs; every key not retired longer than {@link #MAX_TTL} ago verifies. */
  private static KeyRing ring(List<RSAKey> keys, Instant now) {
    var verifying = new LinkedHashMap<String, RSAKey>();
    RSAKey signing = null;
    for (var key : keys) {
      var retiredAt = key.getExpirationTime();
      if (retiredAt == null) {
        if (signing == null || key.getIssueTime().after(signing.getIssueTime())) {
          signing = key;
        }
        verifying.put(key.getKeyID(), key);
      } else if (retiredAt.toInstant().plus(MAX_TTL).isAfter(now)) {
        verifying.put(key.getKeyID(), key);
      }
    }
    if (signing == null) {
      throw new IllegalStateException("no IAM signing key is left");
    }
    return new KeyRing(signing, Map.copyOf(verifying));
  }

  private static RSAKey newKey(Instant now) {
    try {
      return new RSAKeyGenerator(2048)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(ALGORITHM)
          .keyID(UUID.randomUUID().toString())
          .issueTime(Date.from(now))
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make an RSA key: " + e.getMessage(), e);
    }
  }

  /** {@code key}, marked retired at {@code now} (its JWK {@code exp}) unless it already was. */
  private static RSAKey retired(RSAKey key, Instant now) {
    if (key.getExpirationTime() != null) {
      return key;
    }
    return new RSAKey.Builder(key).expirationTime(Date.from(now)).build();
  }

  private static boolean isUnsigned(String token) {
    try {
      var header = token.split("\\.", -1)[0];
      var json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
      return json.replace(" ", "").contains("\"alg\":\"none\"");
    } catch (RuntimeException e) {
      return false;
    }
  }
}
