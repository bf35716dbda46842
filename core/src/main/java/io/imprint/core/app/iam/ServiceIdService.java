package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.ServiceId;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;

/**
 * Service IDs as IBM's IAM Identity API manages them ({@code /v1/serviceids}): identities for
 * applications, each with its own API keys. Deleting one deletes its keys and takes it out of every
 * access group, as IBM does. A locked service ID is neither changed nor deleted until unlocked.
 */
public final class ServiceIdService {
  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public ServiceIdService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  public ServiceId createServiceId(String name, String description, boolean locked) {
    IamChecks.requireName("name", name);
    IamChecks.optionalDescription(description);
    var now = deployment.now();
    var id = "ServiceId-" + deployment.ids().uuid();
    var serviceId =
        new ServiceId(
            new Identity(
                ServiceId.iamIdOf(id),
                Identity.Kind.SERVICE_ID,
                name,
                deployment.accountId(),
                now,
                0),
            description,
            now,
            locked,
            0);
    return store.write(
        tx -> {
          tx.iam().insertServiceId(serviceId);
          events.record(tx, Change.of(Subject.of(serviceId), "create", 201, "user"));
          return serviceId;
        });
  }

  /** The account's service IDs by name (only those named {@code name}, when given). */
  public OffsetPage<ServiceId> listServiceIds(String name, long offset, int limit) {
    return store.read(
        tx -> new OffsetPage<>(tx.iam().listServiceIds(name, offset, limit), offset, limit, -1));
  }

  public ServiceId getServiceId(String id) {
    return store.read(tx -> require(tx, id));
  }

  /**
   * Renames or describes the service ID; null keeps a value, an empty description clears it.
   *
   * @param ifMatch the entity tag the caller read, or null for any
   */
  public ServiceId updateServiceId(String id, Long ifMatch, String name, String description) {
    IamChecks.optionalName("name", name);
    IamChecks.optionalDescription(description);
    return store.write(
        tx -> {
          var current = require(tx, id);
          IamChecks.requireVersion(ifMatch, current.version());
          IamChecks.requireUnlocked(current.locked(), "service ID", id);
          var updated = current.withNameAndDescription(name, description, deployment.now());
          if (!tx.iam().updateServiceId(updated)) {
            throw IamChecks.changedMeanwhile("service ID");
          }
          events.record(tx, Change.of(Subject.of(updated), "update", 200, "user"));
          return require(tx, id);
        });
  }

  public void deleteServiceId(String id) {
    store.write(
        tx -> {
          var current = require(tx, id);
          IamChecks.requireUnlocked(current.locked(), "service ID", id);
          tx.accessGroups().removeFromAllGroups(current.iamId());
          if (!tx.iam().deleteServiceId(current.iamId(), current.version())) {
            throw IamChecks.changedMeanwhile("service ID");
          }
          PolicyService.deletePoliciesOf(tx, PolicySubject.identity(current.iamId()), events);
          events.record(tx, Change.of(Subject.of(current), "delete", 204, "user"));
          return null;
        });
  }

  public void lockServiceId(String id) {
    setLocked(id, true);
  }

  public void unlockServiceId(String id) {
    setLocked(id, false);
  }

  private void setLocked(String id, boolean lock) {
    store.write(
        tx -> {
          var current = require(tx, id);
          if (current.locked() == lock) {
            return null;
          }
          var updated = current.withLocked(lock, deployment.now());
          if (!tx.iam().updateServiceId(updated)) {
            throw IamChecks.changedMeanwhile("service ID");
          }
          events.record(tx, Change.of(Subject.of(updated), lock ? "lock" : "unlock", 204, "user"));
          return null;
        });
  }

  private static ServiceId require(Tx tx, String id) {
    return tx.iam()
        .getServiceId(ServiceId.iamIdOf(id))
        .orElseThrow(() -> ApiException.notFound("Service ID", id));
  }
}
