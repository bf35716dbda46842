package io.imprint.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What rendering one response needs: links, the request's API version, and resource group names
 * (loaded once per request, since every resource shows its group as {@code {href,id,name}}).
 */
public final class Wire {
  public static final String PROVIDER_GROUP_NAME = "provider";

  private final Links links;
  private final ApiVersion version;
  private final Supplier<Iterable<ResourceGroup>> groupLoader;
  private Map<String, ResourceGroup> groups;

  public Wire(Links links, ApiVersion version, Supplier<Iterable<ResourceGroup>> groupLoader) {
    this.links = links;
    this.version = version;
    this.groupLoader = groupLoader;
  }

  public Links links() {
    return links;
  }

  public ApiVersion version() {
    return version;
  }

  /**
   * {@code {href,id,name}} of a resource group. A null id is the provider's group, which owns the
   * stock catalog and is not one of the account's groups.
   */
  public ObjectNode resourceGroup(String id) {
    var node = Json.object();
    if (id == null) {
      node.put("href", links.href("/v2/resource_groups/provider"));
      node.put("id", "provider");
      node.put("name", PROVIDER_GROUP_NAME);
      return node;
    }
    node.put("href", links.resourceGroupHref(id));
    node.put("id", id);
    node.put("name", resourceGroupName(id));
    return node;
  }

  /** The name {@link #resourceGroup} shows for the group {@code id}. */
  public String resourceGroupName(String id) {
    if (id == null) {
      return PROVIDER_GROUP_NAME;
    }
    if (groups == null) {
      groups = new HashMap<>();
      groupLoader.get().forEach(g -> groups.put(g.id(), g));
    }
    var group = groups.get(id);
    return group == null ? id : group.name();
  }

  /** A reference {@code {href, name}} to a zone. */
  public ObjectNode zone(String name) {
    var node = Json.object();
    node.put(
        "href",
        links.href("/v1/regions/" + name.substring(0, name.lastIndexOf('-')) + "/zones/" + name));
    node.put("name", name);
    return node;
  }

  /**
   * A paged collection: {@code first}, {@code limit}, {@code next} (left out on the last page),
   * {@code total_count} and the items under {@code key} (always present, even empty, as the SDK
   * pagers need the array).
   */
  public <T> ObjectNode collection(
      Context ctx,
      PageTokens tokens,
      String path,
      String key,
      int limit,
      Page<T> page,
      Function<T, JsonNode> render) {
    var query = new Query(ctx);
    var filters = query.filterQueryString();
    var base = links.href(path) + "?limit=" + limit + (filters.isEmpty() ? "" : "&" + filters);
    var node = Json.object();
    node.putObject("first").put("href", base);
    node.put("limit", limit);
    if (page.hasNext()) {
      node.putObject("next")
          .put(
              "href",
              base
                  + "&start="
                  + tokens.issue(path, query.filterDigest(), page.nextAfter(), page.nextKey()));
    }
    node.put("total_count", page.totalCount());
    var items = node.putArray(key);
    page.items().forEach(item -> items.add(render.apply(item)));
    return node;
  }
}
