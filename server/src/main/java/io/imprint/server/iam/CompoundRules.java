package io.imprint.server.iam;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.iam.AccessTarget;
import io.imprint.server.wire.JsonBody;
import java.util.List;

/**
 * The actions a call needs beyond its route's, from what its body asks (IBM's rules, reference §6):
 * an image created with a deprecation or obsolescence date also needs {@code deprecate} or {@code
 * obsolete}; an image from a volume needs read on the volume and on the instance it is attached to;
 * an instance needs {@code is.volume.volume.create} for its boot volume.
 */
final class CompoundRules {
  private CompoundRules() {}

  static void addForCreate(
      String type,
      JsonBody body,
      String group,
      AccessTarget target,
      List<Authorizer.Check> checks,
      Authorizer gate) {
    switch (type) {
      case "image" -> {
        addLifecycleDates(body, target, checks);
        var volumeId = reference(body, "source_volume", "volume", "volumes");
        if (volumeId != null) {
          checks.add(
              new Authorizer.Check(
                  "is.volume.volume.read", gate.located("volume", volumeId, true)));
          gate.placements()
              .locate("volume", volumeId)
              .map(placement -> placement.attachedTo())
              .filter(instance -> instance != null)
              .ifPresent(
                  instance ->
                      checks.add(
                          new Authorizer.Check(
                              "is.instance.instance.read",
                              gate.located("instance", instance, true))));
        }
      }
      case "instance" -> {
        checks.add(
            new Authorizer.Check(
                "is.volume.volume.create", AccessTarget.newResource("volume", group)));
        // what an instance uses must be the caller's to use, wherever it is: its image (else its
        // boot volume would hand out another group's image), its network, its data volumes
        addOperate(reference(body, "image", "image", "images"), "image", checks, gate);
        addOperate(reference(body, "vpc", "vpc", "vpcs"), "vpc", checks, gate);
        var nic = object(body, "primary_network_interface");
        addOperate(reference(nic, "subnet", "subnet", "subnets"), "subnet", checks, gate);
        var attachment =
            object(object(body, "primary_network_attachment"), "virtual_network_interface");
        addOperate(reference(attachment, "subnet", "subnet", "subnets"), "subnet", checks, gate);
        for (var data : objects(body, "volume_attachments")) {
          addOperate(reference(data, "volume", "volume", "volumes"), "volume", checks, gate);
        }
      }
      case "subnet" -> addOperate(reference(body, "vpc", "vpc", "vpcs"), "vpc", checks, gate);
      default -> {
        // the route's own action is all
      }
    }
  }

  /**
   * Tagging a resource needs Editor on it, as at IBM: its own {@code update} action for each
   * resource a tag is attached to or detached from, its {@code read} to list its tags. A CRN that
   * names no resource of this account adds nothing: the tagging service answers it per resource.
   */
  static void addForTags(
      String action,
      JsonBody body,
      String attachedTo,
      List<Authorizer.Check> checks,
      Authorizer gate) {
    if (action.endsWith(".read")) {
      addForCrn(attachedTo, "read", checks, gate);
      return;
    }
    List<JsonBody> resources;
    try {
      resources = body.objects("resources");
    } catch (ApiException e) {
      return;
    }
    if (resources != null) {
      for (var resource : resources) {
        try {
          addForCrn(resource.string("resource_id"), "update", checks, gate);
        } catch (ApiException e) {
          // a malformed item: the handler refuses it
        }
      }
    }
  }

  private static void addForCrn(
      String crn, String verb, List<Authorizer.Check> checks, Authorizer gate) {
    if (crn == null) {
      return;
    }
    var parts = crn.split(":");
    // crn:v1:bluemix:public:is:<location>:a/<account>::<type>:<id>
    if (parts.length != 10 || !parts[4].equals("is")) {
      return;
    }
    var type = parts[8];
    if (!AccessRules.TYPES.containsValue(type)) {
      return;
    }
    checks.add(
        new Authorizer.Check(
            "is." + type + "." + type + "." + verb,
            gate.located(type, parts[9], verb.equals("read"))));
  }

  /** Attaching a volume changes it: the caller operates the volume too, not only the instance. */
  static void addForAttachment(JsonBody body, List<Authorizer.Check> checks, Authorizer gate) {
    addOperate(reference(body, "volume", "volume", "volumes"), "volume", checks, gate);
  }

  /** {@code is.<type>.<type>.operate} on the resource {@code id}, when there is one. */
  private static void addOperate(
      String id, String type, List<Authorizer.Check> checks, Authorizer gate) {
    if (id != null) {
      // a public image is the catalog's: anyone who may read it may use it
      checks.add(
          new Authorizer.Check(
              "is." + type + "." + type + ".operate",
              gate.located(type, id, type.equals("image"))));
    }
  }

  private static JsonBody object(JsonBody body, String field) {
    try {
      return body == null ? null : body.object(field);
    } catch (ApiException e) {
      return null;
    }
  }

  private static List<JsonBody> objects(JsonBody body, String field) {
    try {
      var list = body.objects(field);
      return list == null ? List.of() : list;
    } catch (ApiException e) {
      return List.of();
    }
  }

  static void addForImagePatch(JsonBody body, AccessTarget target, List<Authorizer.Check> checks) {
    addLifecycleDates(body, target, checks);
  }

  private static void addLifecycleDates(
      JsonBody body, AccessTarget target, List<Authorizer.Check> checks) {
    if (body.has("deprecation_at") && !body.isExplicitNull("deprecation_at")) {
      checks.add(new Authorizer.Check("is.image.image.deprecate", target));
    }
    if (body.has("obsolescence_at") && !body.isExplicitNull("obsolescence_at")) {
      checks.add(new Authorizer.Check("is.image.image.obsolete", target));
    }
  }

  /** The id a reference names, or null when there is none or it is malformed (the handler says). */
  private static String reference(JsonBody body, String field, String crnType, String collection) {
    if (body == null) {
      return null;
    }
    try {
      var object = body.object(field);
      return object == null ? null : object.identity(crnType, collection);
    } catch (ApiException e) {
      return null;
    }
  }
}
