package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.imprint.core.port.ResourceGroupRepository;
import java.util.Collections;
import java.util.List;

final class JdbcResourceGroupRepository
    extends JdbcDocRepository<ResourceGroup, ResourceGroupRepository.Filter>
    implements ResourceGroupRepository {
  static final DocTable<ResourceGroup> TABLE =
      new DocTable<>(
          "resource_groups",
          ResourceGroup.class,
          ResourceGroup::id,
          ResourceGroup::version,
          List.of(
              column("name", ResourceGroup::name), column("is_default", ResourceGroup::isDefault)),
          List.of(DocTable.uniqueName("resource group")));

  /** Every table whose rows belong to a resource group. */
  private static final String COUNT_RESOURCES_SQL =
      "SELECT (SELECT COUNT(*) FROM vpcs WHERE resource_group_id = ?)"
          + " + (SELECT COUNT(*) FROM subnets WHERE resource_group_id = ?)"
          + " + (SELECT COUNT(*) FROM images WHERE resource_group_id = ?)"
          + " + (SELECT COUNT(*) FROM volumes WHERE resource_group_id = ?)"
          + " + (SELECT COUNT(*) FROM instances WHERE resource_group_id = ?)";

  JdbcResourceGroupRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where visible(Where where, ReadScope scope) {
    // a group is its own group: the groups a caller holds a role in, and those named to it
    return scope.everything()
        ? where
        : where.inEither("id", scope.resourceGroupIds(), "id", scope.resourceIds());
  }

  @Override
  protected Where where(Filter filter) {
    if (filter == null) {
      return Where.all();
    }
    return Where.all().eqIfSet("name", filter.name()).eqIfSet("is_default", filter.isDefault());
  }

  @Override
  public long countResources(String groupId) {
    return sql.queryLong(COUNT_RESOURCES_SQL, Collections.nCopies(5, groupId));
  }
}
