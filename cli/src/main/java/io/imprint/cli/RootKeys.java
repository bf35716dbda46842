package io.imprint.cli;

import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import java.util.function.Supplier;

/**
 * A customer root key named by CRN on the commands that create volumes, instances and images. The
 * server's refusal names the key and its state in API terms; the person at the terminal wants the
 * {@code imprint kp} command that finds or enables it, and the CRN holds what that command needs
 * (its Key Protect instance and key ID).
 */
final class RootKeys {
  private RootKeys() {}

  /** {@code {"crn": crn}}, the API's {@code encryption_key}. */
  static JsonObject reference(String crn) {
    return ImageCommands.identity("crn", crn);
  }

  /**
   * Runs {@code create}; a refusal of the key given as {@code crn} (target {@code
   * …encryption_key.crn}) gets a tip. Without a key, or for another fault, the error is as sent.
   */
  static <T> T tipOnRefusal(String crn, Supplier<T> create) {
    try {
      return create.get();
    } catch (ApiError e) {
      var tip =
          crn == null || e.target() == null || !e.target().endsWith("encryption_key.crn")
              ? null
              : tip(crn, e.code());
      throw tip == null ? e : new ApiRefusal(e, tip);
    }
  }

  private static String tip(String crn, String code) {
    // crn:v1:bluemix:public:kms:REGION:a/ACCOUNT:INSTANCE:key:KEY_ID
    var parts = crn.split(":", -1);
    boolean keyCrn = parts.length == 10 && parts[4].equals("kms") && parts[8].equals("key");
    if ("not_found".equals(code)) {
      return keyCrn
          ? "'imprint kp keys -i " + parts[7] + "' lists that instance's root keys with their CRNs."
          : "a root key's CRN ends with :key:KEY_ID; 'imprint kp keys -i INSTANCE_ID' lists them.";
    }
    if ("invalid_state".equals(code) && keyCrn) {
      var flags = parts[9] + " -i " + parts[7];
      return "'imprint kp key show "
          + flags
          + "' shows the key's state; a disabled (Suspended) key is made active again with"
          + " 'imprint kp key-enable "
          + flags
          + "'.";
    }
    return null;
  }
}
