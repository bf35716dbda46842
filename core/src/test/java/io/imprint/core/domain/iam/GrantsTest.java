package io.imprint.core.domain.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a set of policies lets its holder do, by scope. */
class GrantsTest {
  private static final String IMAGE_READ = "is.image.image.read";
  private static final String IMAGE_LIST = "is.image.image.list";
  private static final String IMAGE_CREATE = "is.image.image.create";
  private static final String GROUP_READ = "resource-controller.group.retrieve";
  private static final String GROUP_DELETE = "resource-controller.group.delete";

  private static Grants holding(Role role, PolicyResource scope) {
    return new Grants(
        "IBMid-1",
        List.of(
            new Policy(
                "p1",
                PolicySubject.identity("IBMid-1"),
                Set.of(role),
                scope,
                null,
                Instant.EPOCH,
                "IBMid-0",
                0)));
  }

  private static PolicyResource inGroup(String group) {
    return new PolicyResource("is", group, null, null);
  }

  @Test
  void anAccountWideRoleCoversEveryGroupAndTheAccount() {
    var grants = holding(Role.EDITOR, PolicyResource.account());
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.newResource("image", "g1"))).isTrue();
    assertThat(grants.allows(IMAGE_READ, AccessTarget.resource("image", "i1", "g2"))).isTrue();
    assertThat(grants.readScope(IMAGE_LIST, "image")).isEqualTo(ReadScope.all());
    // the role still decides: an Editor is not an Administrator
    assertThat(grants.allows("imprint.event.event.list", AccessTarget.account())).isFalse();
  }

  @Test
  void aGroupRoleCoversOnlyThatGroupsResources() {
    var grants = holding(Role.EDITOR, inGroup("g1"));
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.newResource("image", "g1"))).isTrue();
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.newResource("image", "g2"))).isFalse();
    assertThat(grants.allows(IMAGE_READ, AccessTarget.resource("image", "i1", "g2"))).isFalse();
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.account())).isFalse();
    assertThat(grants.readScope(IMAGE_LIST, "image"))
        .isEqualTo(ReadScope.of(Set.of("g1"), Set.of()));
  }

  @Test
  void aGroupRoleShowsTheGroupItselfButDoesNotManageIt() {
    var grants = holding(Role.ADMINISTRATOR, inGroup("g1"));
    assertThat(grants.allows(GROUP_READ, AccessTarget.resourceGroup("g1"))).isTrue();
    assertThat(grants.allows(GROUP_READ, AccessTarget.resourceGroup("g2"))).isFalse();
    assertThat(grants.readScope(GROUP_READ, "resource-group"))
        .isEqualTo(ReadScope.of(Set.of("g1"), Set.of()));
  }

  @Test
  void anAdministratorOfTheAccountManagesGroups() {
    var grants = holding(Role.ADMINISTRATOR, PolicyResource.account());
    assertThat(grants.allows(GROUP_DELETE, AccessTarget.resourceGroup("g1"))).isTrue();
    assertThat(grants.allows("imprint.clock.update", AccessTarget.account())).isTrue();
  }

  @Test
  void aServiceNamedPolicyCoversOnlyThatServicesActions() {
    var grants = holding(Role.ADMINISTRATOR, new PolicyResource("is", null, null, null));
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.newResource("image", "g1"))).isTrue();
    assertThat(grants.allows("imprint.event.event.list", AccessTarget.account())).isFalse();
    assertThat(grants.allows(GROUP_DELETE, AccessTarget.resourceGroup("g1"))).isFalse();
    // but every group it covers is visible
    assertThat(grants.allows(GROUP_READ, AccessTarget.resourceGroup("g1"))).isTrue();
  }

  @Test
  void aTypeRoleCoversThatTypeOnly() {
    var grants = holding(Role.VIEWER, new PolicyResource("is", null, "image", null));
    assertThat(grants.allows(IMAGE_READ, AccessTarget.resource("image", "i1", "g1"))).isTrue();
    assertThat(grants.allows("is.volume.volume.read", AccessTarget.resource("volume", "v", "g1")))
        .isFalse();
    assertThat(grants.allowsListing("is.volume.volume.list", "volume")).isFalse();
    assertThat(grants.readScope(IMAGE_LIST, "image")).isEqualTo(ReadScope.all());
  }

  @Test
  void aResourceRoleCoversThatOneResourceAndListsOnlyIt() {
    var grants = holding(Role.EDITOR, new PolicyResource("is", null, "image", "i1"));
    assertThat(grants.allows("is.image.image.update", AccessTarget.resource("image", "i1", "g1")))
        .isTrue();
    assertThat(grants.allows("is.image.image.update", AccessTarget.resource("image", "i2", "g1")))
        .isFalse();
    // a new image has no id yet: a role on one image creates nothing
    assertThat(grants.allows(IMAGE_CREATE, AccessTarget.newResource("image", "g1"))).isFalse();
    assertThat(grants.allowsListing(IMAGE_LIST, "image")).isTrue();
    assertThat(grants.readScope(IMAGE_LIST, "image"))
        .isEqualTo(ReadScope.of(Set.of(), Set.of("i1")));
  }

  @Test
  void whatBelongsToNoGroupIsReadableByAnyRoleAnywhere() {
    var grants = holding(Role.VIEWER, new PolicyResource("is", "g1", "volume", null));
    assertThat(grants.allows("is.region.region.list", AccessTarget.anywhere())).isTrue();
    assertThat(grants.allows("is.vpc.vpc.create", AccessTarget.anywhere())).isFalse();
  }

  @Test
  void noPolicyAllowsNothing() {
    var grants = new Grants("IBMid-1", List.of());
    assertThat(grants.allows("is.region.region.list", AccessTarget.anywhere())).isFalse();
    assertThat(grants.allowsListing(IMAGE_LIST, "image")).isFalse();
    assertThat(grants.readScope(IMAGE_LIST, "image")).isEqualTo(ReadScope.of(Set.of(), Set.of()));
  }
}
