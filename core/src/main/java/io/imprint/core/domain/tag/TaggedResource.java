package io.imprint.core.domain.tag;

/**
 * A resource that can carry user tags, by its type and id. The CRN that Global Tagging names it by
 * is not kept: it is derived from the account and region, which configuration may change.
 */
public record TaggedResource(Type type, String id) {
  /** The resource types Imprint tags, by their CRN resource type. */
  public enum Type {
    IMAGE("image"),
    VOLUME("volume"),
    INSTANCE("instance");

    private final String crnType;

    Type(String crnType) {
      this.crnType = crnType;
    }

    /** The type as CRNs (and the store) write it. */
    public String crnType() {
      return crnType;
    }

    /** The type a CRN names, or null when Imprint tags no such resource. */
    public static Type ofCrnType(String crnType) {
      for (var type : values()) {
        if (type.crnType.equals(crnType)) {
          return type;
        }
      }
      return null;
    }
  }

  public static TaggedResource image(String id) {
    return new TaggedResource(Type.IMAGE, id);
  }

  public static TaggedResource volume(String id) {
    return new TaggedResource(Type.VOLUME, id);
  }

  public static TaggedResource instance(String id) {
    return new TaggedResource(Type.INSTANCE, id);
  }
}
