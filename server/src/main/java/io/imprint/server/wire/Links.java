package io.imprint.server.wire;

import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.region.Region;
import java.util.function.Supplier;

/**
 * Absolute hrefs and CRNs in IBM's shapes, built from the one public base URL, the region and the
 * account. Regional resources carry the region in their CRN, zonal ones (instances, volumes,
 * subnets) their zone.
 */
public final class Links {
  private final Supplier<String> baseUrl;
  private final Region region;
  private final String accountId;

  /**
   * {@code baseUrl} is read per use: with port 0 the address is known only once the server listens.
   */
  public Links(Supplier<String> baseUrl, Region region, String accountId) {
    this.baseUrl = baseUrl;
    this.region = region;
    this.accountId = accountId;
  }

  public String baseUrl() {
    return baseUrl.get();
  }

  public String href(String collection, String id) {
    return baseUrl() + "/v1/" + collection + "/" + id;
  }

  public String href(String path) {
    return baseUrl() + path;
  }

  public String crn(String type, String id) {
    return crn(region.name(), accountId, type, id);
  }

  public String zonalCrn(String zone, String type, String id) {
    return crn(zone, accountId, type, id);
  }

  public String crnOf(String account, String type, String id) {
    return crn(region.name(), account, type, id);
  }

  public String resourceGroupHref(String id) {
    return baseUrl() + "/v2/resource_groups/" + id;
  }

  public String resourceGroupCrn(String id) {
    return Crns.resourceGroup(accountId, id);
  }

  public String moreInfo(String code) {
    return "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages#" + code;
  }

  /**
   * The id a CRN names, if it is a CRN of this region/zone set and of this resource type; else
   * null.
   */
  public static String idFromCrn(String crn, String type) {
    var marker = "::" + type + ":";
    int at = crn.indexOf(marker);
    return crn.startsWith("crn:v1:") && at > 0 ? crn.substring(at + marker.length()) : null;
  }

  /** The id an href of this collection names, else null. */
  public static String idFromHref(String href, String collection) {
    var marker = "/v1/" + collection + "/";
    int at = href.lastIndexOf(marker);
    if (at < 0) {
      return null;
    }
    var id = href.substring(at + marker.length());
    return id.isEmpty() || id.contains("/") ? null : id;
  }

  private static String crn(String location, String account, String type, String id) {
    return Crns.of(location, account, type, id);
  }
}
