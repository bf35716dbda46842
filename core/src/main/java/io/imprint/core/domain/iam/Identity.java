package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * Who may call: a user or a service ID of the account, named by its IAM ID ({@code IBMid-…} for
 * users, {@code iam-ServiceId-…} for service IDs, as IBM spells them).
 */
public record Identity(
    String iamId, Kind kind, String name, String accountId, Instant createdAt, long version) {

  public enum Kind {
    USER("user"),
    SERVICE_ID("serviceid");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Kind fromWire(String wire) {
      for (var kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no identity kind " + wire);
    }
  }
}
