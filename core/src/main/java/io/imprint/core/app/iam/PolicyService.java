package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;
import java.util.Set;

/**
 * IAM access policies: who holds which role where. Every change is an event and reaches the next
 * API call's decision ({@link AccessService#changed}).
 */
public final class PolicyService {
  /** What a new or replaced policy says; the service adds the id, times and author. */
  public record PolicyPrototype(
      PolicySubject subject, Set<Role> roles, PolicyResource resource, String description) {}

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;
  private final AccessService access;

  public PolicyService(
      Store store, Deployment deployment, EventRecorder events, AccessService access) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
    this.access = access;
  }

  public Policy createPolicy(PolicyPrototype prototype, String authorIamId) {
    var policy =
        new Policy(
            deployment.ids().uuid(),
            prototype.subject(),
            prototype.roles(),
            prototype.resource(),
            prototype.description(),
            deployment.now(),
            authorIamId,
            0);
    return store.write(
        tx -> {
          requireSubjectExists(tx, prototype.subject());
          tx.policies().insert(policy);
          events.record(tx, Change.of(Subject.of(policy), "create", 201, "user"));
          tx.afterCommit(access::changed);
          return policy;
        });
  }

  public Policy getPolicy(String id) {
    return store.read(tx -> require(tx, id));
  }

  public List<Policy> listPolicies(String iamId, String accessGroupId) {
    return store.read(tx -> tx.policies().list(iamId, accessGroupId));
  }

  /** Replaces the policy, if {@code ifMatchVersion} is still its version (IBM's PUT). */
  public Policy replacePolicy(
      String id, long ifMatchVersion, PolicyPrototype prototype, String authorIamId) {
    return store.write(
        tx -> {
          var old = require(tx, id);
          requireSubjectExists(tx, prototype.subject());
          var replaced =
              new Policy(
                  id,
                  prototype.subject(),
                  prototype.roles(),
                  prototype.resource(),
                  prototype.description(),
                  old.createdAt(),
                  old.createdBy(),
                  ifMatchVersion);
          if (old.version() != ifMatchVersion || !tx.policies().update(replaced)) {
            throw new ApiException(
                ErrorCode.PRECONDITION_FAILED,
                "The policy changed since its ETag was read; read it again and retry.");
          }
          events.record(tx, Change.of(Subject.of(replaced), "update", 200, "user"));
          tx.afterCommit(access::changed);
          return tx.policies().get(id).orElseThrow();
        });
  }

  public void deletePolicy(String id) {
    store.write(
        tx -> {
          var policy = require(tx, id);
          if (!tx.policies().delete(id, policy.version())) {
            throw ApiException.notFound("Policy", id);
          }
          events.record(tx, Change.of(Subject.of(policy), "delete", 204, "user"));
          tx.afterCommit(access::changed);
          return null;
        });
  }

  /**
   * Deletes every policy of {@code subject}, each with its event, in the transaction that deletes
   * the subject: a policy must not outlive whom it names (a new identity could never take its IAM
   * ID, but a stale policy is access nobody can see). The next call's decision sees it through the
   * subject's own change event.
   */
  static void deletePoliciesOf(Tx tx, PolicySubject subject, EventRecorder events) {
    for (var policy : tx.policies().list(subject.iamId(), subject.accessGroupId())) {
      if (tx.policies().delete(policy.id(), policy.version())) {
        events.record(tx, Change.of(Subject.of(policy), "delete", 204, "user"));
      }
    }
  }

  private static Policy require(Tx tx, String id) {
    return tx.policies().get(id).orElseThrow(() -> ApiException.notFound("Policy", id));
  }

  private static void requireSubjectExists(Tx tx, PolicySubject subject) {
    if (subject.iamId() != null && tx.iam().getIdentity(subject.iamId()).isEmpty()) {
      throw ApiException.referenceNotFound(
          "Identity", "subjects[0].attributes[0].value", subject.iamId());
    }
  }
}
