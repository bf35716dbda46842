package io.imprint.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import io.imprint.client.IamClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who the CLI acts as, and IAM's names turned into ids through the list APIs, as {@code ibmcloud
 * iam} takes a service ID, access group or user by name.
 */
final class IamLookup {
  private static final Pattern SERVICE_ID =
      Pattern.compile("ServiceId-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Session session;
  private JsonObject claims;

  IamLookup(Session session) {
    this.session = session;
  }

  IamClient iam() {
    return session.client().iam();
  }

  /**
   * The access token's claims. IAM's management commands act for the identity the key belongs to,
   * so without a key there is nobody to act for.
   */
  private JsonObject claims() {
    if (claims == null) {
      claims = session.client().tokenClaims();
      if (claims == null) {
        throw new CliFailure(
            "no API key is set, so there is no identity to act for: " + session.loginTip());
      }
    }
    return claims;
  }

  /** The account, from the token's {@code account.bss}, as IBM's CLI shows it. */
  String accountId() {
    return Json.text(claims(), "account", "bss");
  }

  /** The IAM ID the API key acts as. */
  String callerIamId() {
    return Json.text(claims(), "iam_id");
  }

  JsonObject serviceId(String nameOrId) {
    if (SERVICE_ID.matcher(nameOrId).matches()) {
      try {
        return iam().getServiceId(nameOrId);
      } catch (ApiError e) {
        if (e.status() != 404) {
          throw e;
        }
      }
    }
    return one("service ID", nameOrId, iam().listServiceIds(nameOrId), s -> true);
  }

  JsonObject accessGroup(String nameOrId) {
    return one(
        "access group",
        nameOrId,
        iam().listAccessGroups(),
        g -> nameOrId.equals(Json.text(g, "name")) || nameOrId.equals(Json.text(g, "id")));
  }

  /** A user by name or IAM ID (Imprint's users). */
  JsonObject user(String nameOrIamId) {
    return one(
        "user",
        nameOrIamId,
        iam().listUsers(),
        u ->
            nameOrIamId.equals(Json.text(u, "name")) || nameOrIamId.equals(Json.text(u, "iam_id")));
  }

  /** One of the identity {@code iamId}'s API keys, by name or ID. */
  JsonObject apiKey(String nameOrId, String iamId, String owner) {
    return one(
        "API key of " + owner + " with name or ID",
        nameOrId,
        iam().listApiKeys(iamId),
        k -> nameOrId.equals(Json.text(k, "name")) || nameOrId.equals(Json.text(k, "id")));
  }

  private static JsonObject one(
      String kind,
      String nameOrId,
      List<JsonObject> candidates,
      java.util.function.Predicate<JsonObject> matches) {
    var found = candidates.stream().filter(matches).toList();
    if (found.isEmpty()) {
      throw new CliFailure(
          "no " + kind + (kind.endsWith("ID") ? " " : " named ") + nameOrId + " was found");
    }
    if (found.size() > 1) {
      Function<JsonObject, String> id =
          o -> Json.text(o, "id") != null ? Json.text(o, "id") : Json.text(o, "iam_id");
      throw new CliFailure(
          found.size()
              + " "
              + kind
              + "s match "
              + nameOrId
              + "; give one of their IDs instead: "
              + found.stream().map(id).collect(Collectors.joining(", ")));
    }
    return found.get(0);
  }

  /**
   * Writes a new API key's create answer (its secret included) to {@code file}, readable by its
   * owner only, in the shape {@code imprint login --apikey @FILE} reads (its {@code apikey}
   * member).
   */
  static void saveKey(JsonObject created, Path file) {
    try {
      if (Files.exists(file)) {
        throw new CliFailure(file + " exists already; the key was made but not saved there");
      }
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, new GsonBuilder().setPrettyPrinting().create().toJson(created) + "\n");
    } catch (UnsupportedOperationException e) {
      throw new CliFailure("cannot restrict " + file + " to its owner: " + e.getMessage());
    } catch (IOException e) {
      throw new CliFailure("cannot save the API key to " + file + ": " + e.getMessage());
    }
  }
}
