package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.port.InstanceRepository;
import java.util.List;
import java.util.Set;

final class JdbcInstanceRepository extends JdbcDocRepository<Instance, InstanceFilter>
    implements InstanceRepository {
  static final DocTable<Instance> TABLE =
      new DocTable<>(
          "instances",
          Instance.class,
          Instance::id,
          Instance::version,
          List.of(
              column("name", Instance::name),
              column("zone", Instance::zone),
              column("vpc_id", Instance::vpcId),
              column(
                  "subnet_id",
                  i ->
                      i.primaryNetworkInterface() == null
                          ? null
                          : i.primaryNetworkInterface().subnetId()),
              column("status", i -> i.status().wire()),
              column("resource_group_id", Instance::resourceGroupId)),
          List.of(DocTable.uniqueName("instance")));

  JdbcInstanceRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where where(InstanceFilter filter) {
    if (filter == null) {
      return Where.all();
    }
    return Where.all()
        .eqIfSet("name", filter.name())
        .eqIfSet("resource_group_id", filter.resourceGroupId())
        .eqIfSet("vpc_id", filter.vpcId())
        .eqIfSet("zone", filter.zone())
        .eqIfSet("status", filter.status())
        .eqIfSet("subnet_id", filter.subnetId());
  }

  @Override
  public List<Instance> findByStatus(Set<InstanceStatus> statuses) {
    return table.list(
        sql, Where.all().inIfSet("status", statuses.stream().map(InstanceStatus::wire).toList()));
  }
}
