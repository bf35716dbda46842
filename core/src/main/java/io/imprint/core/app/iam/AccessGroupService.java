package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.GroupMember;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.ArrayList;
import java.util.List;

/**
 * Access groups as IBM's IAM Access Groups API manages them ({@code /v2/groups}): named sets of
 * users and service IDs. Adding members answers each member on its own (IBM's 207), so one unknown
 * IAM ID does not undo the others. A group with members is deleted only when forced, as IBM does.
 */
public final class AccessGroupService {
  /** A member asked for: an IAM ID and IBM's member type ({@code user} or {@code service}). */
  public record MemberRequest(String iamId, String type) {}

  /** What became of one asked-for member: its membership, or why it was refused. */
  public record MemberResult(String iamId, String type, GroupMember member, ApiException error) {}

  /** A member with the identity it names, for its name. */
  public record Member(GroupMember membership, Identity identity) {}

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public AccessGroupService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  public AccessGroup createAccessGroup(String name, String description) {
    IamChecks.requireName("name", name);
    IamChecks.optionalDescription(description);
    var now = deployment.now();
    var group =
        new AccessGroup(
            "AccessGroupId-" + deployment.ids().uuid(),
            name,
            description,
            deployment.accountId(),
            now,
            now,
            0);
    return store.write(
        tx -> {
          requireUnusedName(tx, name);
          UniqueNames.guard("access group", "name", name, () -> tx.accessGroups().insert(group));
          events.record(tx, Change.of(Subject.of(group), "create", 201, "user"));
          return group;
        });
  }

  public OffsetPage<AccessGroup> listAccessGroups(long offset, int limit) {
    return store.read(
        tx ->
            new OffsetPage<>(
                tx.accessGroups().list(offset, limit), offset, limit, tx.accessGroups().count()));
  }

  public AccessGroup getAccessGroup(String id) {
    return store.read(tx -> require(tx, id));
  }

  /**
   * Renames or describes the group; null keeps a value.
   *
   * @param ifMatch the ETag the caller read, or null for any
   */
  public AccessGroup updateAccessGroup(String id, Long ifMatch, String name, String description) {
    IamChecks.optionalName("name", name);
    IamChecks.optionalDescription(description);
    return store.write(
        tx -> {
          var current = require(tx, id);
          IamChecks.requireVersion(ifMatch, current.version());
          if (name != null && !name.equals(current.name())) {
            requireUnusedName(tx, name);
          }
          var updated = current.withNameAndDescription(name, description, deployment.now());
          UniqueNames.guard(
              "access group",
              "name",
              updated.name(),
              () -> {
                if (!tx.accessGroups().update(updated)) {
                  throw IamChecks.changedMeanwhile("access group");
                }
              });
          events.record(tx, Change.of(Subject.of(updated), "update", 200, "user"));
          return require(tx, id);
        });
  }

  /** Deletes the group; one with members only when {@code force}, and its members go with it. */
  public void deleteAccessGroup(String id, boolean force) {
    store.write(
        tx -> {
          var current = require(tx, id);
          long members = tx.accessGroups().countMembers(id);
          if (members > 0 && !force) {
            throw ApiException.conflict(
                ErrorCode.ACCESS_GROUP_NOT_EMPTY,
                "Access group "
                    + current.name()
                    + " has "
                    + members
                    + " member(s); remove them first, or delete with force=true.");
          }
          if (!tx.accessGroups().delete(id, current.version())) {
            throw IamChecks.changedMeanwhile("access group");
          }
          PolicyService.deletePoliciesOf(tx, PolicySubject.accessGroup(id), events);
          events.record(tx, Change.of(Subject.of(current), "delete", 204, "user"));
          return null;
        });
  }

  /** Adds each of {@code members}; one already there stays, and answers as added. */
  public List<MemberResult> addMembersToAccessGroup(String id, List<MemberRequest> members) {
    if (members.isEmpty()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "members must name at least one member.",
          Target.field("members"));
    }
    return store.write(
        tx -> {
          var group = require(tx, id);
          var results = new ArrayList<MemberResult>();
          var changes = new ArrayList<Change>();
          for (var asked : members) {
            var result = add(tx, group, asked);
            results.add(result);
            if (result.member() != null) {
              changes.add(memberChange(group, "add", 207, asked.iamId()));
            }
          }
          events.recordAll(tx, changes);
          return results;
        });
  }

  private MemberResult add(Tx tx, AccessGroup group, MemberRequest asked) {
    var kind = GroupMember.kindOfType(asked.type());
    if (kind.isEmpty()) {
      return refused(
          asked,
          ApiException.invalid(
              ErrorCode.VALIDATION_ENUM,
              "type",
              asked.type(),
              "A member's type is user or service."));
    }
    var identity = tx.iam().getIdentity(asked.iamId());
    if (identity.isEmpty() || identity.get().kind() != kind.get()) {
      return refused(
          asked, ApiException.referenceNotFound("A " + asked.type(), "iam_id", asked.iamId()));
    }
    var member = new GroupMember(group.id(), asked.iamId(), kind.get(), deployment.now());
    tx.accessGroups().addMember(member);
    return new MemberResult(asked.iamId(), asked.type(), member, null);
  }

  private static MemberResult refused(MemberRequest asked, ApiException why) {
    return new MemberResult(asked.iamId(), asked.type(), null, why);
  }

  public OffsetPage<Member> listAccessGroupMembers(String id, long offset, int limit) {
    return store.read(
        tx -> {
          require(tx, id);
          var members = new ArrayList<Member>();
          for (var m : tx.accessGroups().members(id, offset, limit)) {
            members.add(new Member(m, tx.iam().getIdentity(m.iamId()).orElse(null)));
          }
          return new OffsetPage<>(members, offset, limit, tx.accessGroups().countMembers(id));
        });
  }

  public void removeMemberFromAccessGroup(String id, String iamId) {
    store.write(
        tx -> {
          var group = require(tx, id);
          if (!tx.accessGroups().removeMember(id, iamId)) {
            throw ApiException.notFound("Member of access group " + id, iamId);
          }
          events.record(tx, memberChange(group, "remove", 204, iamId));
          return null;
        });
  }

  /** The ids of the access groups {@code iamId} belongs to (for the authorizer). */
  public List<String> groupsOf(String iamId) {
    return store.read(tx -> tx.accessGroups().groupsOf(iamId));
  }

  private static Change memberChange(AccessGroup group, String verb, int status, String iamId) {
    return Change.ofAction(
            ResourceKind.ACCESS_GROUP.action("member", verb), Subject.of(group), status, "user")
        .with("memberId", iamId);
  }

  private static void requireUnusedName(Tx tx, String name) {
    if (tx.accessGroups().findByName(name).isPresent()) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT, "An access group named " + name + " exists in the account.");
    }
  }

  private static AccessGroup require(Tx tx, String id) {
    return tx.accessGroups().get(id).orElseThrow(() -> ApiException.notFound("Access group", id));
  }
}
