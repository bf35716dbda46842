package io.imprint.core.domain.event;

/**
 * Who caused an event. Until IAM arrives a caller has no identity, so an API caller is {@code
 * anonymous} with the address and user agent it called from; a change Imprint makes on its own (a
 * job, the lifecycle scheduler, an instance settling) has the initiator {@code system}, named after
 * the part that made it.
 */
public record Initiator(
    String id, String name, String typeUri, String address, String addressType, String agent) {
  public static final String ANONYMOUS = "anonymous";
  public static final String SYSTEM = "system";

  /** An API caller, until IAM names it. */
  public static Initiator caller(String address, String agent) {
    return new Initiator(
        ANONYMOUS,
        ANONYMOUS,
        "service/security/account/user",
        address,
        address == null ? null : address.contains(":") ? "IPv6" : "IPv4",
        agent);
  }

  /** Imprint itself; {@code part} says which part: {@code job}, {@code schedule}, … */
  public static Initiator system(String part) {
    return new Initiator(SYSTEM, part, "service/imprint", null, null, null);
  }
}
