package io.imprint.core.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules of events: severity by status and action, and the message. */
class EventRulesTest {
  @ParameterizedTest(name = "{0} answered {1} is {2}")
  @CsvSource({
    "is.image.image.update, 401, CRITICAL",
    "is.image.image.update, 403, CRITICAL",
    "is.image.image.create, 503, CRITICAL",
    "is.image.image.create, 507, CRITICAL",
    "is.image.image.update, 400, WARNING",
    "is.image.image.deprecate, 409, WARNING",
    "is.image.image.create, 424, WARNING",
    "is.image.image.create, 500, WARNING",
    "is.image.image.create, 502, WARNING",
    "is.image.image.create, 504, WARNING",
    "is.image.image.create, 505, WARNING",
    "is.image.image.delete, 202, CRITICAL",
    "is.volume.volume.delete, 404, CRITICAL",
    "is.image.image.delete, 409, WARNING",
    "is.image.image.warn, 200, WARNING",
    "is.image.image.deprecate, 204, NORMAL",
    "is.image.image.create, 201, NORMAL",
    "is.instance.instance.stop, 201, NORMAL",
    "is.image.image.update, 404, NORMAL",
  })
  void severity_follows_the_status_then_the_action(String action, int status, Severity expected) {
    assertThat(Severity.of(action, status)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "is.image.image.deprecate, my-image, SUCCESS, Virtual Private Cloud: deprecate image my-image",
    "is.vpc.vpc.create, '', FAILURE, Virtual Private Cloud: create vpc -failure",
    "is.instance.volume-attachment.create, vm-1, SUCCESS, Virtual Private Cloud: create volume-attachment vm-1",
    "resource-controller.group.delete, team-a, FAILURE, Resource Controller: delete group team-a -failure",
  })
  void the_message_names_the_service_verb_type_and_target(
      String action, String name, Outcome outcome, String expected) {
    var kind =
        action.startsWith("resource-controller") ? ResourceKind.RESOURCE_GROUP : ResourceKind.IMAGE;
    assertThat(EventMessage.of(kind, action, name, outcome)).isEqualTo(expected);
  }
}
