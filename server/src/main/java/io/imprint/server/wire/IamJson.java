package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.iam.AccessGroupService;
import io.imprint.core.app.iam.OffsetPage;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.ServiceId;
import java.util.List;
import java.util.function.Function;

/**
 * IAM's management resources as IBM's IAM Identity API (service IDs, API keys) and IAM Access
 * Groups API (groups, members) show them, plus Imprint's users. {@code entity_tag} is the row's
 * version, which {@code If-Match} names back.
 */
public final class IamJson {
  private IamJson() {}

  public static ObjectNode serviceId(ServiceId s) {
    var node = Json.object();
    node.put("id", s.id());
    node.put("iam_id", s.iamId());
    node.put("entity_tag", String.valueOf(s.version()));
    node.put("crn", Crns.iam("iam-identity", s.identity().accountId(), "serviceid", s.id()));
    node.put("locked", s.locked());
    Json.putDate(node, "created_at", s.identity().createdAt());
    Json.putDate(node, "modified_at", s.modifiedAt());
    node.put("account_id", s.identity().accountId());
    node.put("name", s.name());
    Json.putIfSet(node, "description", s.description());
    node.putArray("unique_instance_crns");
    return node;
  }

  /** An API key; {@code apikey} is its secret, given only in the answer that made it. */
  public static ObjectNode apiKey(ApiKeyDetails d, String accountId, String apikey) {
    var key = d.key();
    var node = Json.object();
    node.put("id", key.id());
    node.put("entity_tag", String.valueOf(key.version()));
    node.put("crn", Crns.iam("iam-identity", accountId, "apikey", key.id()));
    node.put("locked", key.locked());
    Json.putDate(node, "created_at", key.createdAt());
    Json.putIfSet(node, "created_by", d.createdBy());
    Json.putDate(node, "modified_at", d.modifiedAt());
    node.put("name", key.name());
    Json.putIfSet(node, "description", d.description());
    node.put("iam_id", key.iamId());
    node.put("account_id", accountId);
    Json.putIfSet(node, "apikey", apikey);
    return node;
  }

  /**
   * IAM Identity's list shape: {@code offset}, {@code limit}, {@code first} and {@code next} (URLs
   * with {@code pagetoken}) and the items under {@code field}.
   */
  public static <T> ObjectNode identityList(
      OffsetPage<T> page, String field, String url, Function<T, ObjectNode> render) {
    var node = Json.object();
    node.put("offset", page.offset());
    node.put("limit", page.limit());
    node.put("first", url + separator(url) + "pagesize=" + page.limit());
    if (page.hasMore()) {
      node.put(
          "next",
          url
              + separator(url)
              + "pagesize="
              + page.limit()
              + "&pagetoken="
              + (page.offset() + page.items().size()));
    }
    var items = node.putArray(field);
    page.items().forEach(item -> items.add(render.apply(item)));
    return node;
  }

  public static ObjectNode group(Links links, AccessGroup g) {
    var node = Json.object();
    node.put("id", g.id());
    node.put("name", g.name());
    Json.putIfSet(node, "description", g.description());
    node.put("account_id", g.accountId());
    Json.putDate(node, "created_at", g.createdAt());
    Json.putDate(node, "last_modified_at", g.modifiedAt());
    node.put("href", links.href("/v2/groups/" + g.id()));
    node.put("is_federated", false);
    return node;
  }

  public static ObjectNode member(Links links, String groupId, AccessGroupService.Member m) {
    var node = Json.object();
    var membership = m.membership();
    node.put("iam_id", membership.iamId());
    node.put("type", membership.type());
    node.put("membership_type", "static");
    if (m.identity() != null) {
      node.put("name", m.identity().name());
    }
    node.put("href", links.href("/v2/groups/" + groupId + "/members/" + membership.iamId()));
    Json.putDate(node, "created_at", membership.createdAt());
    return node;
  }

  /** One member of an add-members answer (IBM's 207): its membership, or its own error. */
  public static ObjectNode memberResult(AccessGroupService.MemberResult r, String trace) {
    var node = Json.object();
    node.put("iam_id", r.iamId());
    node.put("type", r.type());
    if (r.error() == null) {
      Json.putDate(node, "created_at", r.member().createdAt());
      node.put("status_code", 200);
      return node;
    }
    ApiException e = r.error();
    node.put("status_code", e.code().httpStatus());
    node.put("trace", trace);
    var error = node.putArray("errors").addObject();
    error.put("code", e.code().code());
    error.put("message", e.getMessage());
    return node;
  }

  /**
   * IAM Access Groups' list shape: {@code limit}, {@code offset}, {@code total_count}, and {@code
   * first}, {@code next}, {@code last} as {@code {"href"}}.
   */
  public static <T> ObjectNode groupsList(
      OffsetPage<T> page, String field, String url, Function<T, ObjectNode> render) {
    var node = Json.object();
    node.put("limit", page.limit());
    node.put("offset", page.offset());
    node.put("total_count", page.totalCount());
    node.putObject("first").put("href", url + "?limit=" + page.limit() + "&offset=0");
    if (page.hasMore()) {
      node.putObject("next")
          .put(
              "href",
              url + "?limit=" + page.limit() + "&offset=" + (page.offset() + page.items().size()));
    }
    long last = page.totalCount() == 0 ? 0 : (page.totalCount() - 1) / page.limit() * page.limit();
    node.putObject("last").put("href", url + "?limit=" + page.limit() + "&offset=" + last);
    var items = node.putArray(field);
    page.items().forEach(item -> items.add(render.apply(item)));
    return node;
  }

  public static ObjectNode user(Identity u) {
    var node = Json.object();
    node.put("iam_id", u.iamId());
    node.put("name", u.name());
    node.put("account_id", u.accountId());
    Json.putDate(node, "created_at", u.createdAt());
    return node;
  }

  public static ObjectNode users(List<Identity> users) {
    var node = Json.object();
    var items = node.putArray("resources");
    users.forEach(u -> items.add(user(u)));
    return node;
  }

  private static String separator(String url) {
    return url.contains("?") ? "&" : "?";
  }
}
