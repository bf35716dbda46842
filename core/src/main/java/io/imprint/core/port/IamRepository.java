package io.imprint.core.port;

import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.ServiceId;
import java.util.List;
import java.util.Optional;

/** IAM's identities and their API keys. */
public interface IamRepository {
  /** Inserts {@code identity}; a taken IAM ID is a {@link DuplicateNameException}. */
  void insertIdentity(Identity identity);

  Optional<Identity> getIdentity(String iamId);

  /** Inserts {@code key}; a taken id or lookup is a {@link DuplicateNameException}. */
  void insertApiKey(ApiKey key);

  /** The key whose lookup prefix is {@code lookup}, if any. */
  Optional<ApiKey> findApiKeyByLookup(String lookup);

  List<ApiKey> apiKeysOf(String iamId);

  /** Whether the account has any identity at all (the first start makes one). */
  boolean hasIdentities();

  // --- the management API's reads and writes (IAM Identity's service IDs and API keys, users)

  /** The identities of {@code kind}, oldest first. */
  List<Identity> identitiesOf(Identity.Kind kind);

  /** Inserts {@code serviceId} with its identity; a taken IAM ID is a duplicate. */
  void insertServiceId(ServiceId serviceId);

  /** The service ID whose IAM ID is {@code iamId}, if any. */
  Optional<ServiceId> getServiceId(String iamId);

  /** Service IDs, by name then id, named {@code name} when it is not null, from {@code offset}. */
  List<ServiceId> listServiceIds(String name, long offset, int limit);

  /**
   * Writes the service ID's name, description, lock and modification time if its row is still at
   * {@code serviceId.version()}, and moves the version on; false when it is not.
   */
  boolean updateServiceId(ServiceId serviceId);

  /**
   * Deletes the service ID at {@code version} with its identity and every API key of it; false when
   * it changed or is gone.
   */
  boolean deleteServiceId(String iamId, long version);

  /** Inserts {@code details}' key with its description and creator. */
  void insertApiKeyDetails(ApiKeyDetails details);

  /** The API key {@code id} with its details, if any. */
  Optional<ApiKeyDetails> getApiKey(String id);

  /** The API keys of {@code iamId} (of every identity when null), oldest first, from offset. */
  List<ApiKeyDetails> listApiKeys(String iamId, long offset, int limit);

  /**
   * Writes the key's name, description, lock and modification time if its row is still at {@code
   * details.key().version()}, and moves the version on; false when it is not.
   */
  boolean updateApiKey(ApiKeyDetails details);

  /** Deletes the API key {@code id} at {@code version}; false when it changed or is gone. */
  boolean deleteApiKey(String id, long version);
}
