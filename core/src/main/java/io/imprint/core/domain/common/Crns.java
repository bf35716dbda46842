package io.imprint.core.domain.common;

import java.util.Optional;

/**
 * Cloud resource names in IBM's shapes: {@code crn:v1:bluemix:public:is:<location>:a/<account>::
 * <type>:<id>}, where the location is the region for regional resources (images, VPCs) and the zone
 * for zonal ones (instances, volumes, subnets); resource groups are Resource Controller's.
 */
public final class Crns {
  private Crns() {}

  /** A VPC resource's CRN at {@code location} (a region or a zone name). */
  public static String of(String location, String account, String type, String id) {
    return "crn:v1:bluemix:public:is:" + location + ":a/" + account + "::" + type + ":" + id;
  }

  /** The parts of a VPC resource's CRN, as {@link #of} writes them. */
  public record Parts(String location, String account, String type, String id) {}

  /**
   * The parts of {@code crn} when it is a VPC resource's CRN in {@link #of}'s shape (any location
   * and account); empty for anything else, a resource group's CRN included.
   */
  public static Optional<Parts> parse(String crn) {
    if (crn == null) {
      return Optional.empty();
    }
    var p = crn.split(":", -1);
    if (p.length != 10
        || !p[0].equals("crn")
        || !p[1].equals("v1")
        || !p[4].equals("is")
        || !p[6].startsWith("a/")
        || !p[7].isEmpty()
        || p[5].isEmpty()
        || p[8].isEmpty()
        || p[9].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Parts(p[5], p[6].substring(2), p[8], p[9]));
  }

  public static String resourceGroup(String account, String id) {
    return "crn:v1:bluemix:public:resource-controller::a/" + account + "::resource-group:" + id;
  }

  /**
   * An IAM resource's CRN: global, so no location ({@code crn:v1:bluemix:public:iam-identity::…}).
   */
  public static String iam(String service, String account, String type, String id) {
    return "crn:v1:bluemix:public:" + service + "::a/" + account + "::" + type + ":" + id;
  }

  /**
   * A Key Protect key's CRN: {@code crn:v1:bluemix:public:kms:<region>:a/<account>:<instance>:key:
   * <id>}, the instance being the Key Protect instance GUID ({@code bluemix-instance}).
   */
  public static String key(String region, String account, String instanceId, String id) {
    return "crn:v1:bluemix:public:kms:"
        + region
        + ":a/"
        + account
        + ":"
        + instanceId
        + ":key:"
        + id;
  }
}
