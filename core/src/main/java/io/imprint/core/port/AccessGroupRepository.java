package io.imprint.core.port;

import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.GroupMember;
import java.util.List;
import java.util.Optional;

/** IAM's access groups and their members. */
public interface AccessGroupRepository {
  /** Inserts {@code group}; a taken name is a {@link DuplicateNameException}. */
  void insert(AccessGroup group);

  Optional<AccessGroup> get(String id);

  Optional<AccessGroup> findByName(String name);

  /** The groups ordered by name, from {@code offset}, at most {@code limit}. */
  List<AccessGroup> list(long offset, int limit);

  long count();

  /**
   * Writes {@code group}'s name, description and modification time if its row is still at {@code
   * group.version()}, and moves the version on; false when it is not (changed or gone). A taken
   * name is a {@link DuplicateNameException}.
   */
  boolean update(AccessGroup group);

  /** Deletes the group and its memberships if its row is at {@code version}. */
  boolean delete(String id, long version);

  /** Adds {@code member} unless it already belongs; true when it was added. */
  boolean addMember(GroupMember member);

  /** The members of {@code groupId} in the order they joined, from {@code offset}. */
  List<GroupMember> members(String groupId, long offset, int limit);

  long countMembers(String groupId);

  /** Removes {@code iamId} from {@code groupId}; false when it was no member. */
  boolean removeMember(String groupId, String iamId);

  /** Removes {@code iamId} from every group (its identity is going). */
  void removeFromAllGroups(String iamId);

  /** The ids of the access groups {@code iamId} belongs to, ordered. */
  List<String> groupsOf(String iamId);
}
