package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.resourcegroup.ResourceGroup;

/** Resource groups as IBM Resource Manager v2 shows them. */
public final class ResourceGroupJson {
  private ResourceGroupJson() {}

  public static ObjectNode render(Links links, ResourceGroup g) {
    var node = Json.object();
    node.put("id", g.id());
    node.put("crn", links.resourceGroupCrn(g.id()));
    node.put("account_id", g.accountId());
    node.put("name", g.name());
    node.put("state", "ACTIVE");
    node.put("default", g.isDefault());
    node.put("enable_reclamation", false);
    node.put("quota_id", "a3d7b8d01e261c24677937c29ab33f3c");
    node.put("quota_url", "/v2/quota_definitions/a3d7b8d01e261c24677937c29ab33f3c");
    node.put("payment_methods_url", "/v2/resource_groups/" + g.id() + "/payment_methods");
    node.putArray("resource_linkages");
    node.put("teams_url", "/v2/resource_groups/" + g.id() + "/teams");
    node.put("created_at", Dates.format(g.createdAt()));
    node.put("updated_at", Dates.format(g.updatedAt()));
    return node;
  }
}
