package io.imprint.core.app.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** An API key is shown once and kept only as a lookup prefix and a slow salted hash. */
class ApiKeySecretsTest {
  final SecureRandom random = new SecureRandom();

  @Test
  void a_made_key_matches_its_hash_and_nothing_else_does() {
    var made = ApiKeySecrets.make(random);

    assertThat(made.plaintext()).hasSize(44).matches("[A-Za-z0-9_-]+");
    assertThat(made.lookup()).isEqualTo(made.plaintext().substring(0, 12));
    assertThat(made.hash()).startsWith("pbkdf2-sha256$600000$").doesNotContain(made.plaintext());
    assertThat(ApiKeySecrets.matches(made.plaintext(), made.hash())).isTrue();
    var wrong = made.plaintext().substring(0, 43) + (made.plaintext().endsWith("A") ? "B" : "A");
    assertThat(ApiKeySecrets.matches(wrong, made.hash())).isFalse();
  }

  @Test
  void the_same_key_hashes_differently_each_time_it_is_kept() {
    var chosen = "an-operator-chosen-key-of-40-characters!";
    var first = ApiKeySecrets.of(chosen, random);
    var second = ApiKeySecrets.of(chosen, random);
    assertThat(first.hash()).isNotEqualTo(second.hash());
    assertThat(ApiKeySecrets.matches(chosen, first.hash())).isTrue();
    assertThat(ApiKeySecrets.matches(chosen, second.hash())).isTrue();
  }

  @Test
  void a_short_key_is_refused_and_a_hash_of_another_scheme_matches_nothing() {
    assertThatThrownBy(() -> ApiKeySecrets.of("short", random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ApiKeySecrets.lookup("short")).isNull();
    assertThat(ApiKeySecrets.matches("anything", "md5$1$c2FsdA$aGFzaA")).isFalse();
  }
}
