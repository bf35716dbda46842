package io.imprint.core.port;

import java.util.Optional;

/**
 * Named values the server keeps across restarts that belong to no resource, such as the virtual
 * clock's offset. Kept in the store, so every node of a PostgreSQL cluster reads the same.
 */
public interface SettingRepository {
  Optional<String> get(String name);

  /** Sets {@code name} to {@code value}, replacing what it held. */
  void put(String name, String value);
}
