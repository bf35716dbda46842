package io.imprint.core.port;

import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.kms.RootKey;
import java.util.List;
import java.util.Optional;

/**
 * Key Protect's root keys, their versions and their registrations. Key ids are unique across
 * instances; a key is read by id alone, and the service checks the instance it was asked in.
 */
public interface KeyRepository {
  void insert(RootKey key);

  Optional<RootKey> get(String id);

  /**
   * Writes {@code key} if the stored row is still at {@code key.version() - 1} and in state {@code
   * from}: a compare-and-set; false when another change came first.
   */
  boolean update(RootKey key, KeyState from);

  /** At most {@code limit} keys of {@code instanceId} not destroyed, oldest first, from offset. */
  List<RootKey> list(String instanceId, long offset, int limit);

  /** How many keys of {@code instanceId} are not destroyed. */
  long count(String instanceId);

  void insertVersion(KeyVersion version);

  /** The versions of {@code keyId}, oldest (number 1) first. */
  List<KeyVersion> versions(String keyId);

  /**
   * Forgets the material of every version of {@code keyId}: a destroyed key wraps nothing again.
   */
  void destroyMaterial(String keyId);

  /** Records that {@code registration}'s key protects its resource; false when it already did. */
  boolean register(Registration registration);

  /** False when there was no such registration. */
  boolean unregister(String keyId, String resourceCrn);

  /** The registrations of {@code keyId}, by resource CRN. */
  List<Registration> registrations(String keyId);
}
