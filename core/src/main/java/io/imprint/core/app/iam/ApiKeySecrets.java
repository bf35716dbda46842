package io.imprint.core.app.iam;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * API key secrets: 44 random characters (as long as IBM's keys), of which the first {@value
 * #LOOKUP_LENGTH} find the key's row and the whole is checked against a slow salted hash
 * (PBKDF2-HMAC-SHA256, {@value #ITERATIONS} iterations, as OWASP advises), compared in constant
 * time. The hash names its own iterations, so raising them later leaves older keys working.
 */
public final class ApiKeySecrets {
  static final int LOOKUP_LENGTH = 12;
  static final int ITERATIONS = 600_000;
  private static final int SECRET_BYTES = 33;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String SCHEME = "pbkdf2-sha256";

  /** A new key: its text, shown once, and what is kept of it. */
  public record Made(String plaintext, String lookup, String hash) {}

  private ApiKeySecrets() {}

  /** A new random key. */
  public static Made make(SecureRandom random) {
    var bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), random);
  }

  /** What is kept of {@code plaintext}, a key chosen by an operator (at least 32 characters). */
  public static Made of(String plaintext, SecureRandom random) {
    if (plaintext.length() < 32) {
      throw new IllegalArgumentException("an API key has at least 32 characters");
    }
    var salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    var encoder = Base64.getEncoder().withoutPadding();
    var hash =
        SCHEME
            + "$"
            + ITERATIONS
            + "$"
            + encoder.encodeToString(salt)
            + "$"
            + encoder.encodeToString(pbkdf2(plaintext, salt, ITERATIONS));
    return new Made(plaintext, lookup(plaintext), hash);
  }

  /** The row-finding prefix of a presented key; null when it is too short to be one. */
  public static String lookup(String presented) {
    return presented == null || presented.length() < LOOKUP_LENGTH
        ? null
        : presented.substring(0, LOOKUP_LENGTH);
  }

  /** Whether {@code presented} is the key {@code hash} was made from. */
  public static boolean matches(String presented, String hash) {
    var parts = hash.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    var decoder = Base64.getDecoder();
    var expected = decoder.decode(parts[3]);
    var actual = pbkdf2(presented, decoder.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    var spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
