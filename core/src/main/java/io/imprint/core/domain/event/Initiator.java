package io.imprint.core.domain.event;

/**
 * Who caused an event: the identity IAM named (a user or service ID, with the address and user
 * agent it called from), or {@code anonymous} when IAM named none; a change Imprint makes on its
 * own (a job, the lifecycle scheduler, an instance settling) has the initiator {@code system},
 * named after the part that made it.
 */
public record Initiator(
    String id,
    String name,
    String typeUri,
    String credentialType,
    String address,
    String addressType,
    String agent) {
  public static final String ANONYMOUS = "anonymous";
  public static final String SYSTEM = "system";

  /** An API caller IAM did not name: no token, or one that was refused, or no IAM at all. */
  public static Initiator caller(String address, String agent) {
    return new Initiator(
        ANONYMOUS, ANONYMOUS, "service/security/account/user", null, address, type(address), agent);
  }

  /**
   * An API caller IAM named: a user or service ID by IAM ID and name; {@code credentialType} is how
   * it proved it ({@code apikey}: a token made from an API key), as Activity Tracker says.
   */
  public static Initiator identity(
      String iamId, String name, String kind, String credentialType, String address, String agent) {
    return new Initiator(
        iamId,
        name,
        "service/security/account/" + kind,
        credentialType,
        address,
        type(address),
        agent);
  }

  private static String type(String address) {
    return address == null ? null : address.contains(":") ? "IPv6" : "IPv4";
  }

  /** Imprint itself; {@code part} says which part: {@code job}, {@code schedule}, … */
  public static Initiator system(String part) {
    return new Initiator(SYSTEM, part, "service/imprint", null, null, null, null);
  }
}
