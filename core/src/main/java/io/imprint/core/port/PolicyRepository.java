package io.imprint.core.port;

import io.imprint.core.domain.iam.Policy;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** IAM access policies. Few rows, read whole: an account has policies by the hundred, not more. */
public interface PolicyRepository {
  void insert(Policy policy);

  Optional<Policy> get(String id);

  /** Replaces the policy if its version is still {@code policy.version()}. */
  boolean update(Policy policy);

  boolean delete(String id, long expectedVersion);

  /**
   * The policies of the account, oldest first, narrowed to one subject when {@code iamId} or {@code
   * accessGroupId} is given.
   */
  List<Policy> list(String iamId, String accessGroupId);

  /** Every policy for {@code iamId} itself or for one of {@code accessGroupIds}. */
  List<Policy> policiesFor(String iamId, Collection<String> accessGroupIds);

  /** Whether the account has any policy at all. */
  boolean any();
}
