package io.imprint.core.domain.common;

/**
 * What an error points at: a body field, a query parameter or a header, as in IBM's {@code
 * errors[].target}.
 */
public record Target(String name, Type type, String value) {
  public enum Type {
    FIELD("field"),
    PARAMETER("parameter"),
    HEADER("header");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public static Target field(String name) {
    return new Target(name, Type.FIELD, null);
  }

  public static Target field(String name, Object value) {
    return new Target(name, Type.FIELD, value == null ? null : String.valueOf(value));
  }

  public static Target parameter(String name, String value) {
    return new Target(name, Type.PARAMETER, value);
  }

  public static Target header(String name, String value) {
    return new Target(name, Type.HEADER, value);
  }
}
