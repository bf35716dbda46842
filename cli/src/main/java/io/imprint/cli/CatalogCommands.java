package io.imprint.cli;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code resource-groups}, {@code operating-systems}, {@code instance-profiles}, {@code
 * volume-profiles}.
 */
final class CatalogCommands {
  private CatalogCommands() {}

  @Command(name = "resource-groups", description = "List resource groups.")
  static final class ResourceGroups implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    ResourceGroups(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return session.list(
          output,
          "resource groups",
          session.client()::listResourceGroups,
          new Table("Name", "ID", "Default Group", "State"),
          g ->
              new String[] {
                Json.text(g, "name"),
                Json.text(g, "id"),
                Json.text(g, "default"),
                Json.text(g, "state")
              });
    }
  }

  @Command(
      name = "operating-systems",
      description = "List the operating systems images can declare.")
  static final class OperatingSystems implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    OperatingSystems(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return session.list(
          output,
          "operating systems",
          session.client()::listOperatingSystems,
          new Table("Name", "Vendor", "Version", "Family", "Architecture", "Dedicated host only"),
          s ->
              new String[] {
                Json.text(s, "name"),
                Json.text(s, "vendor"),
                Json.text(s, "version"),
                Json.text(s, "family"),
                Json.text(s, "architecture"),
                Json.text(s, "dedicated_host_only")
              });
    }
  }

  @Command(name = "instance-profiles", description = "List instance profiles.")
  static final class InstanceProfiles implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    InstanceProfiles(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return session.list(
          output,
          "instance profiles",
          session.client()::listInstanceProfiles,
          new Table("Name", "Architecture", "Family", "vCPUs", "Memory(GiB)", "Network(Mbps)"),
          p ->
              new String[] {
                Json.text(p, "name"),
                Json.text(p, "vcpu_architecture", "value"),
                Json.text(p, "family"),
                Json.text(p, "vcpu_count", "value"),
                Json.text(p, "memory", "value"),
                Json.text(p, "bandwidth", "value")
              });
    }
  }

  @Command(
      name = "volume-profiles",
      description = "List volume profiles, with the capacities and IOPS each allows.")
  static final class VolumeProfiles implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    VolumeProfiles(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return session.list(
          output,
          "volume profiles",
          session.client()::listVolumeProfiles,
          new Table("Name", "Family", "Capacity(GB)", "Boot capacity(GB)", "IOPS"),
          p ->
              new String[] {
                Json.text(p, "name"),
                Json.text(p, "family"),
                span(p, "capacity"),
                span(p, "boot_capacity"),
                span(p, "iops")
              });
    }

    /** A range's {@code min-max}; a tiered profile's IOPS follow the capacity. */
    private static String span(JsonObject profile, String field) {
      var min = Json.text(profile, field, "min");
      var max = Json.text(profile, field, "max");
      return min == null || max == null ? "-" : min + "-" + max;
    }
  }
}
