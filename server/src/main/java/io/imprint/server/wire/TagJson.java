package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.tag.TagPage;
import io.imprint.core.app.tag.TagResult;
import java.util.List;

/** How Global Tagging's answers look on the wire (its own shapes, not VPC's collections). */
public final class TagJson {
  private TagJson() {}

  /**
   * {@code {"results":[{"resource_id","is_error"}]}}; a failed resource also says why in {@code
   * message}, an extra field the SDKs ignore.
   */
  public static ObjectNode results(List<TagResult> results) {
    var node = Json.object();
    var items = node.putArray("results");
    for (var result : results) {
      var item = items.addObject();
      item.put("resource_id", result.resourceId());
      item.put("is_error", result.isError());
      if (result.isError()) {
        item.put("message", result.message());
      }
    }
    return node;
  }

  /** {@code {"total_count","offset","limit","items":[{"name"}]}}. */
  public static ObjectNode page(TagPage page) {
    var node = Json.object();
    node.put("total_count", page.totalCount());
    node.put("offset", page.offset());
    node.put("limit", page.limit());
    var items = node.putArray("items");
    page.items().forEach(tag -> items.addObject().put("name", tag.value()));
    return node;
  }
}
