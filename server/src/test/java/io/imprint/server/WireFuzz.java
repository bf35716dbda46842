package io.imprint.server;

import io.imprint.server.http.Route;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Malformed requests made at random, all from one {@link Random}: for every route of {@link Routes}
 * (and wrong methods on its path) path parameters, query parameters, headers, bodies and framing
 * that a careless or hostile client might send, plus request lines and heads that no client library
 * would write. Each {@link Probe} is the exact bytes to write on a socket.
 *
 * <p>The same seed gives the same requests, except for the ids the server itself made (resources
 * created during the run are used again as path parameters and references).
 */
final class WireFuzz {
  /**
   * One request: the route it was made from ({@code POST /v1/vpcs}, or {@code raw} for a request
   * line or head made without one), a short description for a report, its method, and its bytes.
   */
  record Probe(String route, String summary, String method, byte[] bytes) {}

  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE");
  private static final List<String> ODD_METHODS =
      List.of("get", "PROPFIND", "CONNECT", "FOO", "G E T", "M".repeat(300), "PO\u00a7T", "");

  private final Random random;
  private final List<Route> routes;
  private final int maxBodyBytes;
  private final String version;

  /** Ids of real resources, by kind ("vpc", "subnet", "volume", …), grown as the run creates. */
  private final Map<String, List<String>> ids = new HashMap<>();

  /** Every query parameter some route reads, tried on every route. */
  private static final List<String> PARAMETERS =
      List.of(
          "limit",
          "start",
          "version",
          "generation",
          "name",
          "status",
          "visibility",
          "resource_group.id",
          "user_data_format",
          "remote.account.id",
          "owner_type",
          "vpc.id",
          "zone.name",
          "attachment_state",
          "encryption",
          "operating_system.family",
          "operating_system.architecture",
          "tag",
          "from",
          "to",
          "action",
          "target.crn",
          "outcome",
          "initiator.id",
          "offset",
          "format",
          "delete");

  WireFuzz(Random random, List<Route> routes, int maxBodyBytes, String version) {
    this.random = random;
    this.routes = routes;
    this.maxBodyBytes = maxBodyBytes;
    this.version = version;
  }

  /** A real resource's id that requests may name: in paths and in references of bodies. */
  void knows(String kind, String id) {
    var list = ids.computeIfAbsent(kind, k -> new ArrayList<>());
    if (id != null && !id.isEmpty() && !list.contains(id) && list.size() < 50) {
      list.add(id);
    }
  }

  Probe next() {
    int kind = random.nextInt(100);
    if (kind < 12) {
      return rawHead();
    }
    return routeProbe();
  }

  // ---------------------------------------------------------------- requests on routes

  private Probe routeProbe() {
    var route = routes.get(random.nextInt(routes.size()));
    var method = route.method().name();
    int m = random.nextInt(100);
    if (m < 15) {
      method = pick(METHODS);
    } else if (m < 18) {
      method = pick(ODD_METHODS);
    }
    var what = new ArrayList<String>();
    var path = path(route.path(), what);
    var query = query(route.path(), what);
    var target = path + (query.isEmpty() ? "" : "?" + query);

    var headers = new ArrayList<String>();
    headers.add("Host: 127.0.0.1");
    headers.add("Accept: application/json");
    if (random.nextInt(4) == 0) {
      headers.add("X-Request-Id: " + requestId());
    }
    extraHeaders(route.path(), headers, what);

    byte[] body = null;
    boolean content = route.path().endsWith("/content") && method.equals("PUT");
    boolean wantsBody = method.equals("POST") || method.equals("PATCH") || method.equals("PUT");
    if (wantsBody ? random.nextInt(10) > 0 : random.nextInt(12) == 0) {
      body =
          content ? contentBody(what) : jsonBody(route.method().name() + " " + route.path(), what);
      contentType(method, content, headers, what);
    }
    var framed = frame(headers, body, what);
    var httpVersion = random.nextInt(40) == 0 ? "HTTP/1.0" : "HTTP/1.1";
    var head = new StringBuilder();
    head.append(method).append(' ').append(target).append(' ').append(httpVersion);
    head.append("\r\n");
    for (var h : headers) {
      head.append(h).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    var bytes = concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), framed);
    return new Probe(
        route.method().name() + " " + route.path(),
        method + " " + cut(target, 160) + " [" + String.join(", ", what) + "]",
        method,
        bytes);
  }

  private String path(String template, List<String> what) {
    var out = new StringBuilder();
    var segments = template.substring(1).split("/");
    for (int i = 0; i < segments.length; i++) {
      out.append('/');
      if (segments[i].startsWith("{")) {
        out.append(pathParameter(segments[i], kindOf(segments, i), what));
      } else {
        out.append(segments[i]);
      }
    }
    int p = random.nextInt(100);
    if (p < 3) {
      what.add("trailing /");
      out.append('/');
    } else if (p < 5) {
      what.add("upper case");
      return out.toString().toUpperCase();
    } else if (p < 7) {
      what.add("double /");
      return out.toString().replaceFirst("/", "//");
    } else if (p < 9) {
      what.add("extra segment");
      out.append('/').append(pick(List.of("x", "..", ".", "%2e%2e", "actions", "content", "")));
    } else if (p < 11) {
      what.add("dot segments");
      return "/v1/../" + pick(List.of("..", "imprint", "v1/./vpcs", "%2e%2e/etc/passwd")) + out;
    }
    return out.toString();
  }

  private String pathParameter(String name, String kind, List<String> what) {
    int p = random.nextInt(100);
    if (p < 35) {
      var known = ids.getOrDefault(kind, List.of());
      if (!known.isEmpty()) {
        return pick(known);
      }
    }
    if (p < 50) {
      return pick(
          List.of(
              "r006-" + UUID.randomUUID(),
              "0717_" + UUID.randomUUID(),
              "r006-" + new UUID(random.nextLong(), random.nextLong()),
              hex(32),
              "us-south",
              "us-south-1",
              "bx2-2x8",
              "general-purpose",
              "debian-12-amd64"));
    }
    what.add("odd " + name);
    return switch (random.nextInt(10)) {
      case 0 -> garbage(1 + random.nextInt(40));
      case 1 -> "a".repeat(200 + random.nextInt(random.nextBoolean() ? 2000 : 9000));
      case 2 ->
          pick(List.of("%2F", "%00", "%zz", "%", "%E2%82", "%C0%AF", "%2e%2e", "%25", "%u0041"));
      case 3 -> percent("ünïcødé-名前-😀-\u202e");
      case 4 -> utf8Raw(pick(List.of("ünïcødé", "名前", "😀", "\u202e")));
      case 5 -> pick(List.of("..", ".", "...", "%2e", ";", "a;b=c", "~", "*", "%20", "+"));
      case 6 -> "r006-" + "f".repeat(random.nextInt(300));
      case 7 -> Long.toString(random.nextLong());
      case 8 -> percent(garbage(1 + random.nextInt(60)));
      default -> "";
    };
  }

  /**
   * The kind of resource a path parameter names, from the collection before it: {@code vpc} for
   * {@code /v1/vpcs/{id}}, {@code instance_profile} for {@code /v1/instance/profiles/{name}}.
   */
  static String kindOf(String[] segments, int at) {
    var collection = segments[at - 1];
    if (collection.equals("profiles")) {
      return segments[at - 2] + "_profile";
    }
    return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
  }

  private String query(String template, List<String> what) {
    var parts = new ArrayList<String>();
    boolean v1 = template.startsWith("/v1/");
    if (v1) {
      int v = random.nextInt(100);
      if (v < 80) {
        parts.add("version=" + version);
      } else if (v < 85) {
        what.add("no version");
      } else {
        what.add("odd version");
        parts.add("version=" + value("version"));
        if (random.nextBoolean()) {
          parts.add("version=" + version);
        }
      }
      if (random.nextInt(3) == 0) {
        parts.add(random.nextInt(6) == 0 ? "generation=" + value("generation") : "generation=2");
      }
    }
    int extra = random.nextInt(100) < 60 ? random.nextInt(4) : 0;
    for (int i = 0; i < extra; i++) {
      var name = random.nextInt(10) == 0 ? garbageName() : pick(PARAMETERS);
      what.add("?" + cut(name, 20));
      int shape = random.nextInt(20);
      if (shape == 0) {
        parts.add(name);
      } else if (shape == 1) {
        parts.add(name + "=" + value(name) + "&" + name + "=" + value(name));
      } else {
        parts.add(name + "=" + value(name));
      }
    }
    if (random.nextInt(30) == 0) {
      what.add("odd query");
      parts.add(pick(List.of("&&&", "=", "==x", "a=%", "a=%zz", "#frag", "a=b c", "?", ";")));
    }
    return String.join("&", parts);
  }

  /** A value for query parameter {@code name}: now and then a plausible one, mostly not. */
  private String value(String name) {
    int p = random.nextInt(100);
    if (p < 25) {
      var plausible =
          switch (name) {
            case "start" -> ids.getOrDefault("start", List.of("0"));
            case "limit" -> List.of("1", "2", "50", "100");
            case "version" -> List.of(version, "2019-01-01", "2025-06-29", "2025-06-30");
            case "generation" -> List.of("2", "1");
            case "status" -> List.of("available", "running", "pending,failed", "deprecated");
            case "visibility" -> List.of("public", "private");
            case "from", "to" -> List.of("2026-01-01T00:00:00Z", "2026-03-01T10:00:00.5+05:30");
            case "action" -> List.of("is.vpc.vpc.create", "is.*", "*");
            case "outcome" -> List.of("success", "failure", "pending");
            case "offset" ->
                List.of("0", "512", "4096", "1", "-512", "9223372036854775296", "107374182400");
            case "format" -> List.of("raw", "qcow2");
            case "remote.account.id" -> List.of("null", "not:null");
            case "owner_type" -> List.of("user", "provider");
            case "delete" -> List.of("true", "false");
            default -> List.of("fuzz", "us-south-1", "default");
          };
      return pick(plausible);
    }
    return switch (random.nextInt(12)) {
      case 0 -> "";
      case 1 -> Long.toString(random.nextLong());
      case 2 -> "9".repeat(10 + random.nextInt(400));
      case 3 -> "-" + random.nextInt(1000);
      case 4 ->
          pick(List.of("1e3", "0x10", "+5", "%205", "1.5", "NaN", percent("٣"), "00000000001"));
      case 5 -> percent(garbage(1 + random.nextInt(80)));
      case 6 -> pick(List.of(",,,", ",", "a,,b", "available,", " , "));
      case 7 -> percent("ünïcødé-😀");
      case 8 -> pick(List.of("%", "%zz", "%00", "%C0%AF", "%E2%82"));
      case 9 -> "x".repeat(1000 + random.nextInt(3000));
      case 10 -> pick(List.of("2026-02-30", "2026-3-24", "9999-12-31", "0000-01-01", "2018-12-31"));
      default -> base64ish(random.nextInt(200));
    };
  }

  private void extraHeaders(String template, List<String> headers, List<String> what) {
    if (template.endsWith("/content") && random.nextInt(3) == 0) {
      var range = "Range: " + pick(RANGES);
      what.add(range);
      headers.add(range);
    }
    if (random.nextInt(8) == 0) {
      var header =
          pick(
              List.of(
                  "If-Match: "
                      + pick(
                          List.of(
                              "W/\"1\"",
                              "*",
                              "garbage",
                              "W/\"" + "9".repeat(40),
                              "W/\"-1\"",
                              "\"9223372036854775807\"")),
                  "Range: " + pick(RANGES),
                  "Expect: 100-continue",
                  "Content-Encoding: gzip",
                  "Accept: text/html",
                  "Accept-Encoding: gzip, br",
                  "Authorization: " + garbage(40),
                  "X-Request-Id: " + garbage(200),
                  "X-Request-Id: " + "r".repeat(3000),
                  "X-Correlation-ID: " + garbage(50),
                  "Upgrade: h2c",
                  "Cookie: " + "c=".repeat(100),
                  "X-Forwarded-For: " + garbage(30)));
      what.add(cut(header, 40));
      headers.add(header);
    }
  }

  private static final List<String> RANGES =
      List.of(
          "bytes=0-0",
          "bytes=0-511",
          "bytes=abc",
          "bytes=5-1",
          "bytes=1-0",
          "bytes=-0",
          "bytes=-1",
          "bytes=0-1,2-3",
          "bytes=0-1, 5-6",
          "bytes= 0-1",
          "bytes=0-9223372036854775807",
          "bytes=9223372036854775806-",
          "bytes=9223372036854775807-9223372036854775807",
          "bytes=-9223372036854775808",
          "bytes=99999999999999999999-",
          "bytes=-99999999999999999999",
          "bytes=",
          "bytes=-",
          "items=0-1");

  private void contentType(
      String method, boolean content, List<String> headers, List<String> what) {
    int p = random.nextInt(100);
    String type;
    if (p < 70) {
      type =
          content
              ? "application/octet-stream"
              : method.equals("PATCH") && random.nextBoolean()
                  ? "application/merge-patch+json"
                  : "application/json; charset=utf-8";
    } else if (p < 78) {
      what.add("no Content-Type");
      return;
    } else {
      type =
          pick(
              List.of(
                  "text/plain",
                  "application/x-www-form-urlencoded",
                  "multipart/form-data; boundary=xyz",
                  "application/JSON",
                  "application/json; charset=latin1",
                  "application/json;;;",
                  "",
                  ";",
                  "/",
                  "application/json, text/plain",
                  "\u00ff\u00fe",
                  "a".repeat(3000)));
      what.add("Content-Type " + cut(type, 30));
    }
    headers.add("Content-Type: " + type);
  }

  // ---------------------------------------------------------------- framing

  /** Puts Content-Length or Transfer-Encoding into {@code headers}; returns the bytes to send. */
  private byte[] frame(List<String> headers, byte[] body, List<String> what) {
    if (body == null) {
      if (random.nextInt(20) == 0) {
        what.add("Content-Length: 0");
        headers.add("Content-Length: 0");
      }
      return new byte[0];
    }
    int p = random.nextInt(100);
    if (p < 70) {
      headers.add("Content-Length: " + body.length);
      return body;
    }
    if (p < 90) {
      return chunked(headers, body, what);
    }
    if (p < 94) {
      int claimed = random.nextBoolean() ? body.length + 1 + random.nextInt(100) : body.length / 2;
      what.add("Content-Length " + claimed + " for " + body.length);
      headers.add("Content-Length: " + claimed);
      return body;
    }
    if (p < 97) {
      what.add("body without length");
      return body;
    }
    var coding = pick(List.of("gzip", "gzip, chunked", "chunked, gzip", "identity", "x"));
    what.add("Transfer-Encoding " + coding);
    headers.add("Transfer-Encoding: " + coding);
    headers.add("Content-Length: " + body.length);
    return body;
  }

  private byte[] chunked(List<String> headers, byte[] body, List<String> what) {
    headers.add("Transfer-Encoding: chunked");
    what.add("chunked");
    var out = new ByteArrayOutputStream();
    boolean broken = random.nextInt(8) == 0;
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 2048));
      var size = Integer.toHexString(n);
      if (random.nextInt(10) == 0) {
        size = size.toUpperCase() + (random.nextBoolean() ? ";ext=1" : "");
      }
      write(out, size + "\r\n");
      out.write(body, at, n);
      write(out, "\r\n");
      at += n;
    }
    if (broken) {
      var how =
          pick(
              List.of(
                  "zz\r\nab\r\n0\r\n\r\n",
                  "FFFFFFFFFFFFFFFFFF\r\nab\r\n0\r\n\r\n",
                  "-1\r\n\r\n",
                  "10\r\nshort\r\n",
                  "",
                  "0\r\nTrailer: x\r\n\r\n",
                  "0\r\n",
                  "5\r\nabcdefgh\r\n0\r\n\r\n"));
      what.add("chunk " + cut(how.replace("\r\n", "⏎"), 20));
      write(out, how);
    } else {
      write(out, "0\r\n\r\n");
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- bodies

  private byte[] contentBody(List<String> what) {
    int n =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> 512;
          case 2 -> random.nextInt(2048);
          default -> maxBodyBytes + random.nextInt(2 * maxBodyBytes);
        };
    var bytes = new byte[n];
    random.nextBytes(bytes);
    if (n >= 4 && random.nextBoolean()) {
      bytes[0] = 'Q';
      bytes[1] = 'F';
      bytes[2] = 'I';
      bytes[3] = (byte) 0xfb;
      what.add("qcow2 magic");
    }
    what.add(n + " content bytes");
    return bytes;
  }

  private byte[] jsonBody(String route, List<String> what) {
    int p = random.nextInt(100);
    if (p < 12) {
      return freeForm(what);
    }
    var body = template(route);
    if (p < 22) {
      what.add("valid-looking body");
    } else if (p < 70) {
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        var slot = pickSlot(body);
        var weird = weird();
        what.add(slot.name() + "=" + describe(weird));
        slot.set(weird);
      }
    } else if (p < 78) {
      var slot = pickSlot(body);
      what.add("no " + slot.name());
      slot.remove();
    } else if (p < 84) {
      what.add("duplicate key");
      var slot = pickSlot(body);
      slot.duplicate(weird());
    } else {
      what.add("unknown fields");
      int n = 1 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        body.put(garbageName(), weird());
      }
    }
    var bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    return bytesMutated(bytes, what);
  }

  /** A few requests change the bytes of a body: cut short, odd bytes, or a size near the limit. */
  private byte[] bytesMutated(byte[] bytes, List<String> what) {
    int p = random.nextInt(100);
    if (p < 8 && bytes.length > 1) {
      int at = random.nextInt(bytes.length);
      what.add("cut at " + at);
      return Arrays.copyOf(bytes, at);
    }
    if (p < 14) {
      what.add("non-UTF-8 bytes");
      var odd =
          pick(
              List.of(
                  new byte[] {(byte) 0xff},
                  new byte[] {(byte) 0xc0, (byte) 0xaf},
                  new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                  new byte[] {(byte) 0xe2, (byte) 0x82},
                  new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                  new byte[] {0}));
      int at = random.nextInt(bytes.length + 1);
      var out = new ByteArrayOutputStream();
      out.write(bytes, 0, at);
      out.write(odd, 0, odd.length);
      out.write(bytes, at, bytes.length - at);
      return out.toByteArray();
    }
    if (p < 24) {
      int size =
          pick(
              List.of(
                  maxBodyBytes - 2,
                  maxBodyBytes - 1,
                  maxBodyBytes,
                  maxBodyBytes + 1,
                  maxBodyBytes + 2,
                  2 * maxBodyBytes,
                  16 * maxBodyBytes,
                  60 * maxBodyBytes));
      what.add(size + " bytes");
      return sized(bytes, size);
    }
    return bytes;
  }

  /** {@code json} (an object) grown to exactly {@code size} bytes by a padding field. */
  private static byte[] sized(byte[] json, int size) {
    var text = new String(json, StandardCharsets.UTF_8);
    if (!text.startsWith("{") || json.length + 16 > size) {
      var out = Arrays.copyOf(json, size);
      Arrays.fill(out, Math.min(json.length, size), size, (byte) ' ');
      return out;
    }
    var prefix = "{\"padding\":\"";
    var suffix = "\"," + text.substring(1);
    int fill = size - prefix.length() - suffix.getBytes(StandardCharsets.UTF_8).length;
    return (prefix + "p".repeat(Math.max(0, fill)) + suffix).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] freeForm(List<String> what) {
    int depth = 500 + random.nextInt(1600);
    var choice = random.nextInt(14);
    var body =
        switch (choice) {
          case 0 -> "";
          case 1 -> "   \r\n\t ";
          case 2 -> pick(List.of("null", "[]", "\"text\"", "123", "true", "[{}]"));
          case 3 -> "[".repeat(depth) + "]".repeat(depth);
          case 4 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
          case 5 -> "[".repeat(depth);
          case 6 -> "{\"name\": " + "9".repeat(1001 + random.nextInt(2000)) + "}";
          case 7 -> "{\"name\": NaN, \"capacity\": Infinity}";
          case 8 -> "\ufeff{\"name\": \"bom\"}";
          case 9 -> "{\"name\": \"x\"} trailing garbage";
          case 10 -> "{'name': 'single quotes', unquoted: 1, /* comment */ }";
          case 11 -> "{\"name\": \"\\ud800\\udc00\\ud800\", \"x\": \"\\u0000\\uZZZZ\"}";
          case 12 -> "{\"a\":1,\"a\":2,\"a\":{\"a\":[1,{\"a\":1,\"a\":1}]}}";
          default -> garbage(1 + random.nextInt(300));
        };
    what.add("body " + describeText(body));
    if (choice == 13 && random.nextBoolean()) {
      what.add("UTF-16");
      return "{\"name\": \"utf16\"}".getBytes(StandardCharsets.UTF_16);
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid-looking body for a route, naming real resources where the run knows some. */
  private Json.Obj template(String route) {
    var name = "fuzz-" + Integer.toString(random.nextInt(1_000_000), 36);
    var zone = Json.obj("name", "us-south-" + (1 + random.nextInt(3)));
    var group = Json.obj("id", id("resource_group"));
    return switch (route) {
      case "POST /v2/resource_groups", "PATCH /v2/resource_groups/{id}" -> Json.obj("name", name);
      case "POST /v1/vpcs" ->
          Json.obj(
              "name",
              name,
              "resource_group",
              group,
              "address_prefix_management",
              "auto",
              "classic_access",
              false);
      case "POST /v1/subnets" ->
          Json.obj(
              "name",
              name,
              "vpc",
              Json.obj("id", id("vpc")),
              "zone",
              zone,
              "ipv4_cidr_block",
              "10." + (100 + random.nextInt(100)) + "." + random.nextInt(256) + ".0/24",
              "total_ipv4_address_count",
              256L,
              "resource_group",
              group);
      case "POST /v1/images" ->
          Json.obj(
              "name",
              name,
              random.nextBoolean() ? "file" : "source_volume",
              random.nextBoolean()
                  ? Json.obj("href", "file:///tmp/" + name + ".qcow2")
                  : Json.obj("id", id("volume")),
              "operating_system",
              Json.obj("name", "debian-12-amd64"),
              "deprecation_at",
              "2030-01-01T00:00:00Z",
              "obsolescence_at",
              "2031-01-01T00:00:00Z",
              "allowed_use",
              Json.obj(
                  "api_version", ">=2024-01-01", "bare_metal_server", "true", "instance", "true"),
              "resource_group",
              group);
      case "PATCH /v1/images/{id}" ->
          Json.obj(
              "name",
              name,
              "deprecation_at",
              "2030-01-01T00:00:00Z",
              "obsolescence_at",
              "2031-01-01T00:00:00Z",
              "allowed_use",
              Json.obj("instance", "true"));
      case "POST /v1/volumes" ->
          Json.obj(
              "name",
              name,
              "capacity",
              10L + random.nextInt(100),
              "profile",
              Json.obj("name", "general-purpose"),
              "iops",
              3000L,
              "zone",
              zone,
              "resource_group",
              group,
              "user_tags",
              Json.arr("env:fuzz", "team:wire"));
      case "PATCH /v1/volumes/{id}" ->
          Json.obj("name", name, "capacity", 200L, "user_tags", Json.arr("env:fuzz"));
      case "POST /v1/instances" ->
          Json.obj(
              "name",
              name,
              "zone",
              Json.obj("name", "us-south-1"),
              "profile",
              Json.obj("name", "bx2-2x8"),
              "vpc",
              Json.obj("id", id("vpc")),
              "image",
              Json.obj("id", id("image")),
              "primary_network_interface",
              Json.obj("name", "eth0", "subnet", Json.obj("id", id("subnet"))),
              "boot_volume_attachment",
              Json.obj(
                  "name",
                  name + "-boot",
                  "delete_volume_on_instance_delete",
                  true,
                  "volume",
                  Json.obj(
                      "name",
                      name + "-boot",
                      "capacity",
                      100L,
                      "profile",
                      Json.obj("name", "general-purpose"))),
              "volume_attachments",
              Json.arr(
                  Json.obj(
                      "name",
                      name + "-data",
                      "delete_volume_on_instance_delete",
                      false,
                      "volume",
                      Json.obj("id", id("volume")))),
              "resource_group",
              group);
      case "PATCH /v1/instances/{id}" -> Json.obj("name", name);
      case "POST /v1/instances/{id}/actions" ->
          Json.obj("type", pick(List.of("start", "stop", "reboot")), "force", random.nextBoolean());
      case "POST /v1/instances/{id}/volume_attachments" ->
          Json.obj(
              "name",
              name,
              "delete_volume_on_instance_delete",
              false,
              "volume",
              Json.obj("id", id("volume")));
      case "PATCH /v1/instances/{instance_id}/volume_attachments/{id}" ->
          Json.obj("name", name, "delete_volume_on_instance_delete", true);
      case "POST /imprint/v1/clock" ->
          random.nextBoolean()
              ? Json.obj("advance", pick(List.of("PT1H", "P1D", "PT0S")))
              : Json.obj("set", "2027-01-01T00:00:00Z");
      default -> Json.obj("name", name);
    };
  }

  private String id(String kind) {
    var known = ids.getOrDefault(kind, List.of());
    return known.isEmpty() ? "r006-" + UUID.randomUUID() : pick(known);
  }

  /** A value of a type or size no field expects. */
  private Object weird() {
    return switch (random.nextInt(24)) {
      case 0 -> "";
      case 1 -> "x".repeat(100 + random.nextInt(random.nextBoolean() ? 1000 : 5000));
      case 2 -> 0L;
      case 3 -> -1L;
      case 4 ->
          pick(
              List.of(
                  (long) Integer.MAX_VALUE + 1,
                  (long) Integer.MAX_VALUE,
                  (long) Integer.MIN_VALUE,
                  Long.MAX_VALUE));
      case 5 -> Long.MIN_VALUE;
      case 6 -> new Json.Raw("9".repeat(20 + random.nextInt(1200)));
      case 7 -> new Json.Raw(pick(List.of("NaN", "Infinity", "-Infinity", "1e999", "-0", "01")));
      case 8 -> 1.5;
      case 9 -> true;
      case 10 -> Json.NULL;
      case 11 -> Json.arr();
      case 12 -> Json.obj();
      case 13 -> Json.arr(weirdLeaf(), weirdLeaf());
      case 14 -> Json.obj("id", weirdLeaf(), "name", weirdLeaf(), "href", weirdLeaf());
      case 15 -> nested(50 + random.nextInt(500));
      case 16 -> pick(List.of("ünïcødé", "名前", "😀", "\u202eevil", "a\u0000b", "\u0007\u001f"));
      case 17 -> new Json.Raw("\"\\ud800\"");
      case 18 ->
          pick(
              List.of(
                  "0000-01-01T00:00:00Z",
                  "9999-12-31T23:59:59Z",
                  "2026-02-29T00:00:00Z",
                  "2026-13-01T00:00:00Z",
                  "2026-01-01",
                  "+99999-01-01T00:00:00Z",
                  "2026-01-01T00:00:60Z",
                  "2026-01-01T24:00:00Z",
                  "2026-01-01T00:00:00+25:00",
                  "2026-01-01T00:00:00.1234567890Z",
                  "0001-01-01T00:00:00+01:00",
                  "9999-12-31T23:59:59-01:00"));
      case 19 ->
          pick(
              List.of(
                  "PT-1H",
                  "P1000000Y",
                  "PT9223372036854775807S",
                  "P0D",
                  "-P1D",
                  "P1W",
                  "P36500D",
                  "P36525D",
                  "PT2562047788015215H",
                  "P106751991167300D",
                  "-PT0S",
                  "PT0.000000001S"));
      case 20 ->
          pick(
              List.of(
                  "file:///etc/passwd",
                  "file://host/x",
                  "../../etc/passwd",
                  "http://127.0.0.1/v1/vpcs/x",
                  "crn:v1:bluemix:public:is:us-south:a/x::vpc:x",
                  "10.0.0.0/33",
                  "0.0.0.0/0",
                  "10.0.0.0/32",
                  "10.0.0.1/24",
                  "::1/128",
                  "10.0.0.0/-1",
                  "1.2.3/24",
                  "10.0.0.0/08",
                  "999.1.1.1/24"));
      case 21 -> Json.arr(Json.obj("volume", Json.obj("id", weirdLeaf())), Json.NULL, 3L);
      case 22 -> (long) random.nextInt(100_000);
      default -> garbage(1 + random.nextInt(50));
    };
  }

  private Object weirdLeaf() {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> 7L;
      case 2 -> Json.NULL;
      case 3 -> false;
      case 4 -> Json.arr();
      default -> garbage(1 + random.nextInt(20));
    };
  }

  private static Object nested(int depth) {
    Object v = 1L;
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0 ? Json.arr(v) : Json.obj("a", v);
    }
    return v;
  }

  private Json.Slot pickSlot(Json.Obj body) {
    var slots = new ArrayList<Json.Slot>();
    body.slots("", slots);
    if (slots.isEmpty()) {
      body.put("name", "x");
      body.slots("", slots);
    }
    return pick(slots);
  }

  // ---------------------------------------------------------------- raw request heads

  private Probe rawHead() {
    var route = routes.get(random.nextInt(routes.size()));
    var target =
        route.path().replaceAll("\\{[a-z_]+}", "r006-" + new UUID(random.nextLong(), 0))
            + (route.path().startsWith("/v1/") ? "?version=" + version : "");
    var line = "GET " + target + " HTTP/1.1";
    var headers = new ArrayList<String>(List.of("Host: 127.0.0.1"));
    String body = "";
    String what;
    switch (random.nextInt(10)) {
      case 0 -> {
        line = garbage(1 + random.nextInt(200));
        what = "garbage line";
      }
      case 1 -> {
        var version =
            pick(
                List.of(
                    "HTTP/1.2",
                    "HTTP/2.0",
                    "HTTP/2",
                    "HTTP/0.9",
                    "HTTP/9.9",
                    "HTTPS/1.1",
                    "http/1.1",
                    "HTTP/1.",
                    "HTTP/1.1x",
                    "HTTP/11",
                    ""));
        line = "GET " + target + (version.isEmpty() ? "" : " " + version);
        what = "version " + version;
      }
      case 2 -> {
        line =
            pick(
                List.of(
                    "GET",
                    "GET  " + target + "  HTTP/1.1",
                    "GET\t" + target + "\tHTTP/1.1",
                    "GET http://127.0.0.1" + target + " HTTP/1.1",
                    "GET * HTTP/1.1",
                    "OPTIONS * HTTP/1.1",
                    "CONNECT 127.0.0.1:80 HTTP/1.1",
                    "GET " + target + "#frag HTTP/1.1",
                    "GET /v1/vpcs?version=" + version + "&a=b c HTTP/1.1",
                    "GET \\v1\\vpcs HTTP/1.1",
                    "GET v1/vpcs HTTP/1.1",
                    "GET /v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
                    "GET /v1/vpcs%2F..%2Fimages HTTP/1.1",
                    "GET /" + utf8Raw("名前") + " HTTP/1.1",
                    "GET /v1/vpcs\u0000 HTTP/1.1",
                    "\r\nGET " + target + " HTTP/1.1"));
        what = "odd request line";
      }
      case 3 -> {
        var bad =
            pick(
                List.of(
                    "NoColon",
                    " Leading-Space: x",
                    "Bad Name: x",
                    "Name : x",
                    "X: a\u0000b",
                    "X: a\rb",
                    ": empty-name",
                    "X-\u00ff: latin1",
                    "\tFolded: x",
                    "X: " + utf8Raw("ünïcødé")));
        headers.add(bad);
        if (random.nextBoolean()) {
          headers.add(" continued-fold");
        }
        what = "header " + cut(bad, 20);
      }
      case 4 -> {
        line = "POST " + target + " HTTP/1.1";
        headers.add("Content-Type: application/json");
        body = "{\"name\":\"fuzz-raw\"}";
        var lengths =
            pick(
                List.of(
                    List.of("Content-Length: 19", "Content-Length: 19"),
                    List.of("Content-Length: 19", "Content-Length: 3"),
                    List.of("Content-Length: 19, 19"),
                    List.of("Content-Length: -1"),
                    List.of("Content-Length: abc"),
                    List.of("Content-Length: 99999999999999999999"),
                    List.of("Content-Length: +19"),
                    List.of("Content-Length:  19 "),
                    List.of("Content-Length: 0x13"),
                    List.of("Content-Length: 19", "Transfer-Encoding: chunked"),
                    List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
                    List.of("Transfer-Encoding: chunked", "Content-Length: 19")));
        headers.addAll(lengths);
        what = String.join(" + ", lengths);
      }
      case 5 -> {
        int size = pick(List.of(7000, 8200, 9000, 20000, 70000));
        headers.add("X-Big: " + "b".repeat(size));
        what = "a header of " + size + " bytes";
      }
      case 6 -> {
        int n = pick(List.of(100, 300, 1000));
        for (int i = 0; i < n; i++) {
          headers.add("X-Many-" + i + ": v");
        }
        what = n + " headers";
      }
      case 7 -> {
        headers.clear();
        headers.addAll(
            pick(
                List.of(
                    List.<String>of(),
                    List.of("Host: 127.0.0.1", "Host: example.com"),
                    List.of("Host: [::1"),
                    List.of("Host: 127.0.0.1:99999999"),
                    List.of("Host: " + "h".repeat(300)),
                    List.of("Host: a b"))));
        what = "Host " + headers;
      }
      case 8 -> {
        line = "GET " + "/v1/" + "u".repeat(pick(List.of(4000, 8100, 8200, 20000))) + " HTTP/1.1";
        what = "long URI";
      }
      default -> {
        var bytes = new byte[1 + random.nextInt(400)];
        random.nextBytes(bytes);
        line = new String(bytes, StandardCharsets.ISO_8859_1);
        what = "random bytes";
      }
    }
    var head = new StringBuilder(line).append("\r\n");
    for (var h : headers) {
      head.append(h).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n").append(body);
    var method = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : "?";
    return new Probe(
        "raw",
        "raw: " + what + " | " + describeText(cut(line, 120)),
        method,
        head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  // ---------------------------------------------------------------- small things

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private String requestId() {
    return pick(List.of(UUID.randomUUID().toString(), "fuzz-" + random.nextInt(1000), ""));
  }

  /** Printable ASCII and a few control characters, unencoded. */
  private String garbage(int n) {
    var out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(10) == 0 ? random.nextInt(32) : 32 + random.nextInt(95);
      out.append((char) c);
    }
    return out.toString();
  }

  private String garbageName() {
    return pick(
        List.of(
            "a[b]",
            "%zz",
            "x".repeat(300),
            percent("名前"),
            "",
            "__proto__",
            "constructor",
            "limit ",
            ".",
            "$"));
  }

  private String hex(int n) {
    var out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private String base64ish(int n) {
    var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";
    var out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** Every byte of {@code s}'s UTF-8 form percent-encoded. */
  private static String percent(String s) {
    var out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

  /** {@code s}'s UTF-8 bytes as ISO-8859-1 characters, to be written raw in a request head. */
  private static String utf8Raw(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String describe(Object value) {
    return describeText(Json.write(value));
  }

  static String describeText(String text) {
    var shown = cut(text, 40);
    var out = new StringBuilder();
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      out.append(c < 32 || c == 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + ")";
  }

  private static void write(ByteArrayOutputStream out, String ascii) {
    out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    var out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * JSON written by hand, so that a body can hold what Jackson would refuse to write: duplicate
   * keys, {@code NaN}, numbers of any length, lone surrogates.
   */
  static final class Json {
    static final Object NULL = new Object();

    /** A token written as it is. */
    record Raw(String text) {}

    /** An object whose keys may repeat. */
    static final class Obj {
      final List<String> keys = new ArrayList<>();
      final List<Object> values = new ArrayList<>();

      void put(String key, Object value) {
        keys.add(key);
        values.add(value);
      }

      void slots(String prefix, List<Slot> out) {
        for (int i = 0; i < keys.size(); i++) {
          int at = i;
          var name = prefix + keys.get(i);
          out.add(
              new Slot(
                  name,
                  v -> values.set(at, v),
                  () -> values.set(at, REMOVED),
                  v -> put(keys.get(at), v)));
          var value = values.get(i);
          if (value instanceof Obj o) {
            o.slots(name + ".", out);
          } else if (value instanceof List<?> list) {
            for (int j = 0; j < list.size(); j++) {
              if (list.get(j) instanceof Obj o) {
                o.slots(name + "[" + j + "].", out);
              }
            }
          }
        }
      }
    }

    static final Object REMOVED = new Object();

    /** A place in a body: its value may be replaced, removed, or given a twin key. */
    record Slot(String name, Consumer<Object> setter, Runnable remover, Consumer<Object> twin) {
      void set(Object v) {
        setter.accept(v);
      }

      void remove() {
        remover.run();
      }

      void duplicate(Object v) {
        twin.accept(v);
      }
    }

    static Obj obj(Object... keyValues) {
      var o = new Obj();
      for (int i = 0; i < keyValues.length; i += 2) {
        o.put((String) keyValues[i], keyValues[i + 1]);
      }
      return o;
    }

    static List<Object> arr(Object... values) {
      return new ArrayList<>(List.of(values));
    }

    static String write(Object value) {
      var out = new StringBuilder();
      write(value, out);
      return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
      if (value == NULL || value == null) {
        out.append("null");
      } else if (value instanceof Raw raw) {
        out.append(raw.text());
      } else if (value instanceof String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> {
              if (c < 32) {
                out.append(String.format("\\u%04x", (int) c));
              } else {
                out.append(c);
              }
            }
          }
        }
        out.append('"');
      } else if (value instanceof Obj o) {
        out.append('{');
        boolean first = true;
        for (int i = 0; i < o.keys.size(); i++) {
          if (o.values.get(i) == REMOVED) {
            continue;
          }
          if (!first) {
            out.append(',');
          }
          first = false;
          write(o.keys.get(i), out);
          out.append(':');
          write(o.values.get(i), out);
        }
        out.append('}');
      } else if (value instanceof List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      } else {
        out.append(value);
      }
    }
  }
}
