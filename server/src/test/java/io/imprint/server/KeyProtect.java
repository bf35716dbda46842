package io.imprint.server;

import io.imprint.core.port.Tx;
import java.util.Map;

/** Key Protect calls for tests: one instance, root keys made as the administrator. */
final class KeyProtect {
  static final String INSTANCE = "e4a29d1a-2ef0-42a6-8fd2-350deb1c647e";

  private KeyProtect() {}

  static Map<String, String> instance() {
    return instance(INSTANCE);
  }

  static Map<String, String> instance(String guid) {
    return Map.of("bluemix-instance", guid);
  }

  static String createBody(String name) {
    return "{\"metadata\":{\"collectionType\":\"application/vnd.ibm.kms.key+json\","
        + "\"collectionTotal\":1},\"resources\":[{\"type\":\"application/vnd.ibm.kms.key+json\","
        + "\"name\":\""
        + name
        + "\",\"extractable\":false}]}";
  }

  /** A new root key's id. */
  static String createKey(Api api, String name) {
    return createKey(api, INSTANCE, name);
  }

  /** A new root key's id, in the instance {@code guid}. */
  static String createKey(Api api, String guid, String name) {
    var created =
        api.raw("POST", "/api/v2/keys", createBody(name), "application/json", instance(guid));
    if (created.status() != 201) {
      throw new AssertionError("key not created: " + created.raw());
    }
    return created.body().at("/resources/0/id").asText();
  }

  static String crnOf(Api api, String id) {
    return crnOf(api, INSTANCE, id);
  }

  static String crnOf(Api api, String guid, String id) {
    return api.raw("GET", "/api/v2/keys/" + id, null, null, instance(guid))
        .body()
        .at("/resources/0/crn")
        .asText();
  }

  /** Registers {@code resourceCrn} with the key, as a volume or an image will. */
  static void register(TestServer server, Api api, String id, String resourceCrn) {
    var crn = crnOf(api, id);
    server
        .server()
        .store()
        .write((Tx tx) -> server.server().keys().registrations().register(tx, crn, resourceCrn));
  }
}
