package io.imprint.server.config;

/**
 * A configuration value Imprint cannot start with; the message names the key and says what is
 * accepted.
 */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
