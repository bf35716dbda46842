package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.kms.KeyView;
import io.imprint.core.app.kms.KeyWrapService;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.Registration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Key Protect's shapes: collections {@code {"metadata":{"collectionType","collectionTotal"},
 * "resources":[…]}}, camelCase fields, binary values in base64. A key's material is never shown.
 */
public final class KeyJson {
  public static final String KEY_TYPE = "application/vnd.ibm.kms.key+json";
  public static final String REGISTRATION_TYPE = "application/vnd.ibm.kms.registration+json";

  private KeyJson() {}

  /** A collection of {@code type} holding what {@code items} adds. */
  public static ObjectNode collection(String type, int count, Consumer<ArrayNodeAdder> items) {
    var node = Json.object();
    var metadata = node.putObject("metadata");
    metadata.put("collectionType", type);
    metadata.put("collectionTotal", count);
    var resources = node.putArray("resources");
    items.accept(resources::addObject);
    return node;
  }

  /** Adds one object to a collection's resources. */
  public interface ArrayNodeAdder {
    ObjectNode add();
  }

  public static ObjectNode keys(List<KeyView> keys) {
    return collection(KEY_TYPE, keys.size(), add -> keys.forEach(k -> key(add.add(), k)));
  }

  /** A root key's metadata; {@code imprintRewrap} (an extension) reports the rotation's job. */
  public static void key(ObjectNode node, KeyView view) {
    var key = view.key();
    var dates = key.dates();
    node.put("type", KEY_TYPE);
    node.put("id", key.id());
    node.put("name", key.name());
    Json.putIfSet(node, "description", key.description());
    node.put("state", key.state().code());
    node.put("crn", view.crn());
    node.put("extractable", false);
    node.put("imported", key.imported());
    node.put("algorithmType", "AES");
    node.put("keyRingID", "default");
    Json.putDate(node, "creationDate", dates.createdAt());
    Json.putIfSet(node, "createdBy", dates.createdBy());
    Json.putDate(node, "lastUpdateDate", dates.updatedAt());
    Json.putDate(node, "lastRotateDate", dates.lastRotatedAt());
    node.put("deleted", dates.deletedAt() != null);
    Json.putDate(node, "deletionDate", dates.deletedAt());
    Json.putIfSet(node, "deletedBy", dates.deletedBy());
    if (view.latest() != null) {
      version(node.putObject("keyVersion"), view.latest());
    }
    var job = view.rewrap();
    if (job != null) {
      var rewrap = node.putObject("imprintRewrap");
      rewrap.put("state", job.state().name().toLowerCase());
      rewrap.put("done", job.progress().bytesDone());
      rewrap.put("total", job.progress().bytesTotal());
      Json.putIfSet(rewrap, "error", job.error());
    }
  }

  private static void version(ObjectNode node, KeyVersion version) {
    node.put("id", version.id());
    Json.putDate(node, "creationDate", version.createdAt());
  }

  /** {@code {"ciphertext","keyVersion"}}, and {@code plaintext} when the data key was generated. */
  public static ObjectNode wrapped(KeyWrapService.Wrapped wrapped) {
    var node = Json.object();
    node.put("ciphertext", base64(wrapped.ciphertext()));
    version(node.putObject("keyVersion"), wrapped.version());
    if (wrapped.generated() != null) {
      node.put("plaintext", base64(wrapped.generated()));
    }
    return node;
  }

  /**
   * {@code {"plaintext","keyVersion"}}: the version that had wrapped it; when that is not the
   * newest, {@code rewrappedKey} is the data key wrapped by the newest, which the caller should
   * store.
   */
  public static ObjectNode unwrapped(KeyWrapService.Unwrapped unwrapped) {
    var node = Json.object();
    node.put("plaintext", base64(unwrapped.plaintext()));
    version(node.putObject("keyVersion"), unwrapped.version());
    if (unwrapped.rewrapped() != null) {
      node.put("rewrappedKey", base64(unwrapped.rewrapped().ciphertext()));
      version(node.putObject("rewrappedKeyVersion"), unwrapped.rewrapped().version());
    }
    return node;
  }

  public static ObjectNode registrations(String keyCrn, List<Registration> registrations) {
    return collection(
        REGISTRATION_TYPE,
        registrations.size(),
        add ->
            registrations.forEach(
                r -> {
                  var node = add.add();
                  node.put("keyId", r.keyId());
                  node.put("keyCrn", keyCrn);
                  node.put("resourceCrn", r.resourceCrn());
                  Json.putIfSet(node, "createdBy", r.createdBy());
                  Json.putDate(node, "creationDate", r.createdAt());
                  node.put("preventKeyDeletion", false);
                }));
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
