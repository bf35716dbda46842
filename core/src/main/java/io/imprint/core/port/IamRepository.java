package io.imprint.core.port;

import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.Identity;
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
}
