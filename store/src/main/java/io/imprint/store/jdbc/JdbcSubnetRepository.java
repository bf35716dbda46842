package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.port.SubnetRepository;
import java.util.List;

final class JdbcSubnetRepository extends JdbcDocRepository<Subnet, SubnetRepository.Filter>
    implements SubnetRepository {
  static final DocTable<Subnet> TABLE =
      new DocTable<>(
          "subnets",
          Subnet.class,
          Subnet::id,
          Subnet::version,
          List.of(
              column("name", Subnet::name),
              column("vpc_id", Subnet::vpcId),
              column("zone", Subnet::zone),
              column("resource_group_id", Subnet::resourceGroupId)),
          List.of(DocTable.uniqueName("subnet")));

  JdbcSubnetRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where where(Filter filter) {
    if (filter == null) {
      return Where.all();
    }
    return Where.all()
        .eqIfSet("vpc_id", filter.vpcId())
        .eqIfSet("zone", filter.zone())
        .eqIfSet("resource_group_id", filter.resourceGroupId());
  }
}
