package io.imprint.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A JSON object from a request body, read field by field with IBM's validation errors: a wrong type
 * is {@code validation_invalid_field_type}, a missing required field {@code
 * validation_required_field}, an unknown enum value {@code validation_enum}, each with the dotted
 * path of the field as {@code target.name}. Unknown fields are ignored, as newer SDKs may send
 * fields this server does not know yet.
 */
public final class JsonBody {
  private final ObjectNode node;
  private final String path;

  private JsonBody(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  public static JsonBody parse(ObjectMapper json, byte[] bytes) {
    if (bytes.length == 0) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "The request needs a JSON object as its body.");
    }
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      var where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ApiException(
          ErrorCode.BAD_REQUEST,
          "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "The request body could not be read.");
    }
    if (!(root instanceof ObjectNode object)) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "The request body must be a JSON object.");
    }
    return new JsonBody(object, "");
  }

  public ObjectNode node() {
    return node;
  }

  public String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public boolean has(String field) {
    return node.has(field);
  }

  /** Present with an explicit JSON null: in a merge patch this clears the field. */
  public boolean isExplicitNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  public String string(String field) {
    var v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(field, v, "a string");
    }
    return v.asText();
  }

  public String requiredString(String field) {
    return required(field, string(field));
  }

  public Integer integer(String field) {
    var v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrongType(field, v, "an integer");
    }
    return v.asInt();
  }

  public Boolean bool(String field) {
    var v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw wrongType(field, v, "true or false");
    }
    return v.asBoolean();
  }

  public Instant dateTime(String field) {
    var text = string(field);
    if (text == null) {
      return null;
    }
    try {
      return Dates.parse(text);
    } catch (DateTimeParseException e) {
      throw new ApiException(
          ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
          path(field)
              + " must be an RFC 3339 date-time between the years 0001 and 9999, such as"
              + " 2026-01-02T03:04:05.006Z or 2026-01-02T08:34:05+05:30.",
          Target.field(path(field), text));
    }
  }

  public String enumValue(String field, Set<String> allowed) {
    var v = string(field);
    if (v != null && !allowed.contains(v)) {
      throw new ApiException(
          ErrorCode.VALIDATION_ENUM,
          path(field)
              + " must be one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + "; got '"
              + v
              + "'.",
          Target.field(path(field), v));
    }
    return v;
  }

  public JsonBody object(String field) {
    var v = value(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof ObjectNode object)) {
      throw wrongType(field, v, "an object");
    }
    return new JsonBody(object, path(field));
  }

  public JsonBody requiredObject(String field) {
    return required(field, object(field));
  }

  public List<JsonBody> objects(String field) {
    return array(
        field,
        (i, v) -> {
          if (!(v instanceof ObjectNode object)) {
            throw wrongType(field + "[" + i + "]", v, "an object");
          }
          return new JsonBody(object, path(field) + "[" + i + "]");
        });
  }

  public List<String> strings(String field) {
    return array(
        field,
        (i, v) -> {
          if (!v.isTextual()) {
            throw wrongType(field + "[" + i + "]", v, "a string");
          }
          return v.asText();
        });
  }

  /**
   * The id from an identity object {@code {id}}, {@code {crn}} or {@code {href}}, as IBM accepts
   * for references. A CRN or href that names a different kind of resource is treated as naming
   * nothing.
   */
  public String identity(String crnType, String collection) {
    var id = string("id");
    if (id != null) {
      return id;
    }
    var crn = string("crn");
    if (crn != null) {
      var fromCrn = Links.idFromCrn(crn, crnType);
      if (fromCrn == null) {
        throw ApiException.referenceNotFound(crnType, path("crn"), crn);
      }
      return fromCrn;
    }
    var href = string("href");
    if (href != null) {
      var fromHref = Links.idFromHref(href, collection);
      if (fromHref == null) {
        throw ApiException.referenceNotFound(crnType, path("href"), href);
      }
      return fromHref;
    }
    throw new ApiException(
        ErrorCode.VALIDATION_REQUIRED_FIELD,
        path.isEmpty()
            ? "A reference needs id, crn or href."
            : path + " needs one of id, crn or href.",
        Target.field(path("id")));
  }

  /** A by-name reference ({@code {name}} or {@code {href}}) such as a zone or a profile. */
  public String nameIdentity(String collection) {
    var name = string("name");
    if (name != null) {
      return name;
    }
    var href = string("href");
    if (href != null) {
      return href.substring(href.lastIndexOf('/') + 1);
    }
    throw new ApiException(
        ErrorCode.VALIDATION_REQUIRED_FIELD, path + " needs a name.", Target.field(path("name")));
  }

  private <T> List<T> array(String field, BiFunction<Integer, JsonNode, T> item) {
    var v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongType(field, v, "an array");
    }
    var out = new ArrayList<T>();
    for (int i = 0; i < v.size(); i++) {
      out.add(item.apply(i, v.get(i)));
    }
    return out;
  }

  /**
   * The value of a field; absent and JSON null both read as null (create bodies treat null as "not
   * given").
   */
  private JsonNode value(String field) {
    var v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private <T> T required(String field, T value) {
    if (value == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          path(field) + " is required.",
          Target.field(path(field)));
    }
    return value;
  }

  private ApiException wrongType(String field, JsonNode v, String expected) {
    return new ApiException(
        ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
        path(field) + " must be " + expected + ", not " + describe(v) + ".",
        Target.field(path(field), v.isValueNode() ? v.asText() : null));
  }

  private static String describe(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING -> "a string";
      case NUMBER ->
          v.isIntegralNumber()
              ? (v.canConvertToInt() ? "an integer" : "a number out of range")
              : "a decimal number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> v.getNodeType().name().toLowerCase();
    };
  }
}
