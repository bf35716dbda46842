package io.imprint.core.domain.instance;

/** The filters of {@code listInstances}; null means "not filtered". */
public record InstanceFilter(
    String name,
    String resourceGroupId,
    String vpcId,
    String zone,
    String status,
    String subnetId) {
  public static InstanceFilter none() {
    return new InstanceFilter(null, null, null, null, null, null);
  }
}
