package io.imprint.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Resources already rendered to JSON bytes, by id and by everything the rendering read ({@code K}:
 * the row version, the request's API version, referenced names, ...). A list page built a tree of a
 * hundred resources and serialised it on every request, which was most of the page's time while the
 * resources rarely change between two reads; a hit splices the stored bytes into the response
 * instead. An entry whose key differs from the one just computed is simply rendered again, so
 * nothing can be stale as long as the key names every input. Direct-mapped like the store's
 * document cache: a slot per id hash, a collision replaces, bounded and lock-free.
 */
public final class RenderCache<K> {
  private record Entry<K>(String id, K key, SerializedString json) {}

  private final AtomicReferenceArray<Entry<K>> slots;
  private final int mask;

  /** {@code size} slots, rounded up to a power of two. */
  public RenderCache(int size) {
    int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
    slots = new AtomicReferenceArray<>(n);
    mask = n - 1;
  }

  /**
   * The resource {@code id} as rendered under {@code key}: from the cache, or rendered now and
   * kept.
   */
  public JsonNode get(String id, K key, Supplier<JsonNode> render) {
    int slot = slot(id);
    var e = slots.get(slot);
    if (e == null || !e.id.equals(id) || !e.key.equals(key)) {
      String json;
      try {
        json = Json.MAPPER.writeValueAsString(render.get());
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException("a rendered tree cannot fail to serialise", ex);
      }
      e = new Entry<>(id, key, new SerializedString(json));
      slots.set(slot, e);
    }
    // SerializedString keeps its UTF-8 bytes once encoded, so later responses copy bytes
    return JsonNodeFactory.instance.rawValueNode(new RawValue(e.json));
  }

  private int slot(String id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
