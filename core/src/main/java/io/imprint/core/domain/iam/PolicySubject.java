package io.imprint.core.domain.iam;

/**
 * Whom a policy is for: an identity by IAM ID, or every member of an access group. Exactly one is
 * set.
 */
public record PolicySubject(String iamId, String accessGroupId) {
  public PolicySubject {
    if ((iamId == null) == (accessGroupId == null)) {
      throw new IllegalArgumentException("a policy subject is an iam_id or an access_group_id");
    }
  }

  public static PolicySubject identity(String iamId) {
    return new PolicySubject(iamId, null);
  }

  public static PolicySubject accessGroup(String id) {
    return new PolicySubject(null, id);
  }
}
