package io.imprint.core.domain.common;

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

  public static String resourceGroup(String account, String id) {
    return "crn:v1:bluemix:public:resource-controller::a/" + account + "::resource-group:" + id;
  }

  /**
   * An IAM resource's CRN: global, so no location ({@code crn:v1:bluemix:public:iam-identity::…}).
   */
  public static String iam(String service, String account, String type, String id) {
    return "crn:v1:bluemix:public:" + service + "::a/" + account + "::" + type + ":" + id;
  }
}
