package io.imprint.server.api;

import io.imprint.core.app.tag.TagService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.Http;
import io.imprint.server.wire.JsonBody;
import io.imprint.server.wire.Query;
import io.imprint.server.wire.TagJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v3/tags}: the user-tag subset of IBM's Global Tagging API, which Terraform and the
 * console use to tag images and volumes by CRN. Global Tagging takes no {@code version} parameter.
 */
public final class TagsApi {
  /** Global Tagging's paging: {@code limit} 1-1000, 100 when absent. */
  private static final int DEFAULT_LIMIT = 100;

  private static final int MAX_LIMIT = 1000;

  private final Http http;
  private final TagService tags;

  public TagsApi(Http http, TagService tags) {
    this.http = http;
    this.tags = tags;
  }

  public void listTags(Context ctx) {
    var query = http.query(ctx);
    var page =
        tags.listTags(
            query.string("attached_to"),
            query.string("tag_type"),
            number(query, "offset", 0, 0, Integer.MAX_VALUE),
            (int) number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    http.json(ctx, 200, TagJson.page(page));
  }

  public void attachTag(Context ctx) {
    var body = http.body(ctx);
    var results =
        tags.attachTags(resourceIds(body), tagNames(body), http.query(ctx).string("tag_type"));
    http.json(ctx, 200, TagJson.results(results));
  }

  public void detachTag(Context ctx) {
    var body = http.body(ctx);
    var results =
        tags.detachTags(resourceIds(body), tagNames(body), http.query(ctx).string("tag_type"));
    http.json(ctx, 200, TagJson.results(results));
  }

  /** {@code resources[].resource_id}: the CRNs. */
  private static List<String> resourceIds(JsonBody body) {
    var resources = body.objects("resources");
    return resources == null
        ? null
        : resources.stream().map(r -> r.requiredString("resource_id")).toList();
  }

  /** {@code tag_names}, and the older single {@code tag_name}, which IBM still accepts. */
  private static List<String> tagNames(JsonBody body) {
    var names = new ArrayList<String>();
    var single = body.string("tag_name");
    if (single != null) {
      names.add(single);
    }
    var many = body.strings("tag_names");
    if (many != null) {
      names.addAll(many);
    }
    return names;
  }

  private static long number(Query query, String name, long fallback, long min, long max) {
    var value = query.string(name);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below, as for a number out of range
    }
    throw new ApiException(
        ErrorCode.INVALID_VALUE,
        name + " must be a whole number from " + min + " to " + max + ".",
        Target.parameter(name, value));
  }
}
