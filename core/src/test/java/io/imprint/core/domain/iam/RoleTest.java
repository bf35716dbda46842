package io.imprint.core.domain.iam;

import static io.imprint.core.domain.iam.Role.ADMINISTRATOR;
import static io.imprint.core.domain.iam.Role.EDITOR;
import static io.imprint.core.domain.iam.Role.OPERATOR;
import static io.imprint.core.domain.iam.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which role may do what: IBM's documented table for images and instances, and Imprint's choices.
 */
class RoleTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    // IBM's table (vsi_is_image_from_volume.md)
    "is.instance.instance.create, Administrator Editor",
    "is.instance.instance.list, Administrator Editor Operator Viewer",
    "is.image.image.create, Administrator Editor",
    "is.image.image.list, Administrator Editor Operator Viewer",
    "is.image.image.delete, Administrator Editor",
    "is.image.image.deprecate, Administrator Editor",
    "is.image.image.obsolete, Administrator Editor",
    // the reference's inferred pattern
    "is.image.image.read, Administrator Editor Operator Viewer",
    "is.image.image.update, Administrator Editor",
    "is.volume.volume.update, Administrator Editor",
    "is.instance.action.create, Administrator Editor Operator",
    "is.image.image.operate, Administrator Editor Operator",
    "is.volume.volume.operate, Administrator Editor Operator",
    "is.subnet.subnet.operate, Administrator Editor Operator",
    // Imprint's choices where IBM is silent
    "imprint.event.event.list, Administrator",
    "imprint.clock.update, Administrator",
    "imprint.clock.read, Administrator Editor Operator Viewer",
    "resource-controller.group.create, Administrator",
    "resource-controller.group.retrieve, Administrator Editor Operator Viewer",
    "is.image.image.export, Administrator",
    "iam-identity.serviceid.list, Administrator Editor Operator Viewer",
    "iam-identity.serviceid.create, Administrator Editor",
    "iam-identity.serviceid.lock, Administrator Editor",
    "iam-identity.apikey.read, Administrator Editor Operator Viewer",
    "iam-identity.apikey.create, Administrator",
    "iam-identity.apikey.unlock, Administrator Editor",
    "iam-identity.apikey.delete, Administrator Editor",
    "iam-groups.groups.create, Administrator Editor",
    "iam-groups.members.list, Administrator Editor Operator Viewer",
    "iam-groups.members.add, Administrator",
    "iam-groups.members.remove, Administrator",
    "user-management.user.create, Administrator",
  })
  void each_action_is_allowed_to_exactly_its_roles(String action, String roles) {
    var expected = EnumSet.noneOf(Role.class);
    for (var name : roles.split(" ")) {
      for (var role : Role.values()) {
        if (role.displayName().equals(name)) {
          expected.add(role);
        }
      }
    }
    var allowed = EnumSet.noneOf(Role.class);
    for (var role : Role.values()) {
      if (role.allows(action)) {
        allowed.add(role);
      }
    }
    assertThat(allowed).isEqualTo(expected);
  }

  @Test
  void each_role_allows_everything_the_one_below_it_does() {
    for (var action :
        Set.of(
            "is.image.image.read",
            "is.instance.action.create",
            "is.vpc.vpc.delete",
            "imprint.event.event.list")) {
      assertThat(!VIEWER.allows(action) || OPERATOR.allows(action)).as(action).isTrue();
      assertThat(!OPERATOR.allows(action) || EDITOR.allows(action)).as(action).isTrue();
      assertThat(!EDITOR.allows(action) || ADMINISTRATOR.allows(action)).as(action).isTrue();
    }
  }

  @Test
  void an_action_of_an_unknown_verb_is_the_administrator_s_alone() {
    assertThat(Role.knows("is.image.image.export")).isFalse();
    assertThat(EDITOR.allows("is.image.image.export")).isFalse();
    assertThat(ADMINISTRATOR.allows("is.image.image.export")).isTrue();
  }

  @Test
  void a_role_is_named_by_its_crn_as_policies_name_it() {
    assertThat(EDITOR.crn()).isEqualTo("crn:v1:bluemix:public:iam::::role:Editor");
  }
}
