package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.vpc.Vpc;
import io.imprint.core.port.VpcRepository;
import java.util.List;

final class JdbcVpcRepository extends JdbcDocRepository<Vpc, VpcRepository.Filter>
    implements VpcRepository {
  static final DocTable<Vpc> TABLE =
      new DocTable<>(
          "vpcs",
          Vpc.class,
          Vpc::id,
          Vpc::version,
          List.of(
              column("name", Vpc::name),
              column("resource_group_id", Vpc::resourceGroupId),
              column("is_default", Vpc::isDefault)),
          List.of(DocTable.uniqueName("VPC")));

  JdbcVpcRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where where(Filter filter) {
    if (filter == null) {
      return Where.all();
    }
    return Where.all()
        .eqIfSet("resource_group_id", filter.resourceGroupId())
        .eqIfSet("is_default", filter.isDefault());
  }
}
