package io.imprint.core.app.resourcegroup;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.imprint.core.port.ResourceGroupRepository;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.regex.Pattern;

/**
 * Resource groups, shaped like IBM Resource Manager's: one default group per account, created on
 * first start.
 */
public final class ResourceGroupService {
  public static final String DEFAULT_NAME = "Default";
  // Resource Manager allows letters, digits, spaces, hyphens and underscores, at most 40
  // characters.
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][-A-Za-z0-9_ ]{0,39}$");

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public ResourceGroupService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  /** Creates the account's default group unless it exists. Idempotent; runs at every start. */
  public ResourceGroup ensureDefaultResourceGroup() {
    return store.write(
        tx ->
            tx
                .resourceGroups()
                .list(new ResourceGroupRepository.Filter(null, true), PageRequest.first(1))
                .items()
                .stream()
                .findFirst()
                .orElseGet(
                    () -> {
                      var now = deployment.now();
                      var group =
                          new ResourceGroup(
                              deployment.ids().resourceGroup(),
                              DEFAULT_NAME,
                              deployment.accountId(),
                              true,
                              now,
                              now,
                              0);
                      tx.resourceGroups().insert(group);
                      events.record(tx, Change.of(Subject.of(group), "create", 201, "startup"));
                      return group;
                    }));
  }

  public Page<ResourceGroup> listResourceGroups(String name, ReadScope scope, PageRequest page) {
    return store.read(
        tx ->
            tx.resourceGroups().list(new ResourceGroupRepository.Filter(name, null), scope, page));
  }

  public ResourceGroup getResourceGroup(String id) {
    return store.read(tx -> require(tx, id));
  }

  public ResourceGroup createResourceGroup(String name) {
    requireValidName(name);
    var now = deployment.now();
    var group =
        new ResourceGroup(
            deployment.ids().resourceGroup(), name, deployment.accountId(), false, now, now, 0);
    return store.write(
        tx -> {
          UniqueNames.requireUnused(tx.resourceGroups(), "resource group", "name", name);
          UniqueNames.guard(
              "resource group", "name", name, () -> tx.resourceGroups().insert(group));
          events.record(tx, Change.of(Subject.of(group), "create", 201, "user"));
          return group;
        });
  }

  public ResourceGroup updateResourceGroup(String id, String name) {
    requireValidName(name);
    return store.write(
        tx -> {
          var group = require(tx, id);
          if (!group.name().equals(name)) {
            UniqueNames.requireUnused(tx.resourceGroups(), "resource group", "name", name);
          }
          var updated = group.withName(name, deployment.now());
          UniqueNames.guard(
              "resource group",
              "name",
              name,
              () -> {
                if (!tx.resourceGroups().update(updated)) {
                  throw ApiException.conflict(
                      ErrorCode.CONFLICT,
                      "The resource group changed while it was being updated; retry.");
                }
              });
          events.record(tx, Change.of(Subject.of(updated), "update", 200, "user"));
          return tx.resourceGroups().get(id).orElseThrow();
        });
  }

  public void deleteResourceGroup(String id) {
    store.write(
        tx -> {
          var group = require(tx, id);
          if (group.isDefault()) {
            throw ApiException.conflict(
                ErrorCode.DEFAULT_RESOURCE_GROUP,
                "The default resource group of the account cannot be deleted.");
          }
          long held = tx.resourceGroups().countResources(id);
          if (held > 0) {
            throw ApiException.conflict(
                ErrorCode.RESOURCE_GROUP_NOT_EMPTY,
                "Resource group "
                    + group.name()
                    + " still holds "
                    + held
                    + " resource(s); delete or move them before deleting the group.");
          }
          if (!tx.resourceGroups().delete(id, group.version())) {
            throw ApiException.notFound("Resource group", id);
          }
          events.record(tx, Change.of(Subject.of(group), "delete", 204, "user"));
          return null;
        });
  }

  /**
   * The group a new resource goes to: the one named by {@code field} in the request, or the
   * account's default. Must run inside the creating transaction so the group cannot vanish in
   * between.
   */
  public static ResourceGroup resolveForCreate(Tx tx, String requestedId, String field) {
    if (requestedId == null) {
      return tx
          .resourceGroups()
          .list(new ResourceGroupRepository.Filter(null, true), PageRequest.first(1))
          .items()
          .stream()
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no default resource group"));
    }
    return tx.resourceGroups()
        .get(requestedId)
        .orElseThrow(() -> ApiException.referenceNotFound("Resource group", field, requestedId));
  }

  private static ResourceGroup require(Tx tx, String id) {
    return tx.resourceGroups()
        .get(id)
        .orElseThrow(() -> ApiException.notFound("Resource group", id));
  }

  private static void requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          "name",
          name,
          "A resource group name is 1-40 letters, digits, spaces, hyphens or underscores, starting with a letter"
              + " or digit.");
    }
  }
}
