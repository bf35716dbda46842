package io.imprint.core.domain.iam;

import java.time.Instant;
import java.util.Optional;

/**
 * An identity's membership of an access group. IBM names a member's kind {@code user} or {@code
 * service} (its {@link #type()}); here it is the identity's own kind.
 */
public record GroupMember(String groupId, String iamId, Identity.Kind kind, Instant createdAt) {
  public static final String USER = "user";
  public static final String SERVICE = "service";

  /** IBM's member type of {@code kind}. */
  public static String typeOf(Identity.Kind kind) {
    return kind == Identity.Kind.USER ? USER : SERVICE;
  }

  /** The kind of identity IBM's member {@code type} names, if it names one Imprint has. */
  public static Optional<Identity.Kind> kindOfType(String type) {
    return switch (type) {
      case USER -> Optional.of(Identity.Kind.USER);
      case SERVICE -> Optional.of(Identity.Kind.SERVICE_ID);
      default -> Optional.empty();
    };
  }

  public String type() {
    return typeOf(kind);
  }
}
