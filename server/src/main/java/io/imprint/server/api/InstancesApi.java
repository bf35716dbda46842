package io.imprint.server.api;

import io.imprint.core.app.instance.InstanceService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.instance.InstanceCreate;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.instance.InstanceLifecycle;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.InstanceJson;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.JsonBody;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /v1/instances}, their actions and their volume attachments. */
public final class InstancesApi {
  private static final Set<String> STATUSES =
      Arrays.stream(InstanceStatus.values()).map(InstanceStatus::wire).collect(Collectors.toSet());

  private final Http http;
  private final InstanceService instances;
  private final InstanceJson json;

  public InstancesApi(Http http, InstanceService instances, InstanceJson json) {
    this.http = http;
    this.instances = instances;
    this.json = json;
  }

  public void listInstances(Context ctx) {
    var query = http.query(ctx);
    var filter =
        new InstanceFilter(
            query.string("name"),
            query.string("resource_group.id"),
            query.string("vpc.id"),
            query.string("zone.name"),
            query.enumValue("status", STATUSES),
            null);
    var wire = http.wire(ctx);
    var page =
        instances.listInstances(
            filter, Authorizer.readScope(ctx), query.page(http.tokens(), "/v1/instances"));
    http.json(
        ctx,
        200,
        wire.collection(
            ctx,
            http.tokens(),
            "/v1/instances",
            "instances",
            query.limit(),
            page,
            i -> json.render(wire, i)));
  }

  public void createInstance(Context ctx) {
    var created = instances.createInstance(instancePrototype(http.body(ctx)));
    // RFC 7234 warn-code 299 ("miscellaneous persistent warning"): the image is deprecated
    created
        .warnings()
        .forEach(w -> ctx.header("Warning", "299 imprint \"" + w.replace("\"", "'") + "\""));
    http.json(ctx, 201, json.render(http.wire(ctx), created));
  }

  public void getInstance(Context ctx) {
    http.json(ctx, 200, json.render(http.wire(ctx), instances.getInstance(ctx.pathParam("id"))));
  }

  public void updateInstance(Context ctx) {
    var body = http.body(ctx);
    if (body.isExplicitNull("name")) {
      throw new ApiException(
          ErrorCode.VALIDATION_NOT_NULL, "name cannot be cleared.", Target.field("name"));
    }
    http.json(
        ctx,
        200,
        json.render(
            http.wire(ctx), instances.updateInstance(ctx.pathParam("id"), body.string("name"))));
  }

  public void deleteInstance(Context ctx) {
    instances.deleteInstance(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void createInstanceAction(Context ctx) {
    var body = http.body(ctx);
    var type = body.enumValue("type", Set.of("start", "stop", "reboot"));
    if (type == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "type is required: start, stop or reboot.",
          Target.field("type"));
    }
    var action =
        instances
            .power()
            .createInstanceAction(
                ctx.pathParam("id"),
                InstanceLifecycle.Action.valueOf(type.toUpperCase()),
                Boolean.TRUE.equals(body.bool("force")));
    http.json(ctx, 201, InstanceJson.action(http.wire(ctx), action));
  }

  public void listInstanceVolumeAttachments(Context ctx) {
    var wire = http.wire(ctx);
    var body = Json.object();
    var items = body.putArray("volume_attachments");
    instances
        .attachments()
        .listInstanceVolumeAttachments(ctx.pathParam("id"))
        .forEach(a -> items.add(InstanceJson.attachment(wire, a, true)));
    http.json(ctx, 200, body);
  }

  public void createInstanceVolumeAttachment(Context ctx) {
    var body = http.body(ctx);
    var attached =
        instances
            .attachments()
            .createInstanceVolumeAttachment(
                ctx.pathParam("id"),
                body.requiredObject("volume").identity("volume", "volumes"),
                body.string("name"),
                body.bool("delete_volume_on_instance_delete"));
    http.json(ctx, 201, InstanceJson.attachment(http.wire(ctx), attached, true));
  }

  public void getInstanceVolumeAttachment(Context ctx) {
    var attached =
        instances
            .attachments()
            .getInstanceVolumeAttachment(ctx.pathParam("instance_id"), ctx.pathParam("id"));
    http.json(ctx, 200, InstanceJson.attachment(http.wire(ctx), attached, true));
  }

  public void updateInstanceVolumeAttachment(Context ctx) {
    var body = http.body(ctx);
    var attached =
        instances
            .attachments()
            .updateInstanceVolumeAttachment(
                ctx.pathParam("instance_id"),
                ctx.pathParam("id"),
                body.string("name"),
                body.bool("delete_volume_on_instance_delete"));
    http.json(ctx, 200, InstanceJson.attachment(http.wire(ctx), attached, true));
  }

  public void deleteInstanceVolumeAttachment(Context ctx) {
    instances
        .attachments()
        .deleteInstanceVolumeAttachment(ctx.pathParam("instance_id"), ctx.pathParam("id"));
    http.noContent(ctx, 202);
  }

  /** {@code InstancePrototypeInstanceByImage}: the only prototype Imprint serves. */
  private static InstanceCreate instancePrototype(JsonBody body) {
    var image = body.object("image");
    if (image == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "image is required: Imprint creates instances from an image (InstancePrototypeInstanceByImage).",
          Target.field("image"));
    }
    var nic = body.object("primary_network_interface");
    var attachment = body.object("primary_network_attachment");
    if (nic != null && attachment != null) {
      throw new ApiException(
          ErrorCode.VALIDATION_ONLY_ONE,
          "Give primary_network_interface or primary_network_attachment, not both.",
          Target.field("primary_network_interface"));
    }
    if (nic == null && attachment == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "primary_network_interface (or primary_network_attachment) with a subnet is required.",
          Target.field("primary_network_interface"));
    }
    String subnetId;
    String nicName;
    if (nic != null) {
      subnetId = nic.requiredObject("subnet").identity("subnet", "subnets");
      nicName = nic.string("name");
    } else {
      subnetId =
          attachment
              .requiredObject("virtual_network_interface")
              .requiredObject("subnet")
              .identity("subnet", "subnets");
      nicName = attachment.string("name");
    }
    var profile = body.object("profile");
    var vpc = body.object("vpc");
    var group = body.object("resource_group");
    return new InstanceCreate(
        body.string("name"),
        body.requiredObject("zone").nameIdentity("zones"),
        profile == null ? null : profile.nameIdentity("instance/profiles"),
        new InstanceCreate.Network(
            vpc == null ? null : vpc.identity("vpc", "vpcs"),
            subnetId,
            nicName,
            attachment != null),
        image.identity("image", "images"),
        group == null ? null : group.identity("resource-group", "resource_groups"),
        bootVolume(body.object("boot_volume_attachment")),
        dataVolumes(body.objects("volume_attachments")));
  }

  private static InstanceCreate.BootVolume bootVolume(JsonBody attachment) {
    if (attachment == null) {
      return InstanceCreate.BootVolume.defaults();
    }
    var volume = attachment.object("volume");
    var profile = volume == null ? null : volume.object("profile");
    return new InstanceCreate.BootVolume(
        volume == null ? null : volume.string("name"),
        volume == null ? null : volume.integer("capacity"),
        profile == null ? null : profile.nameIdentity("volume/profiles"),
        attachment.bool("delete_volume_on_instance_delete"),
        attachment.string("name"),
        volume == null ? null : ImagesApi.encryptionKeyCrn(volume));
  }

  private static List<InstanceCreate.DataVolume> dataVolumes(List<JsonBody> attachments) {
    if (attachments == null) {
      return List.of();
    }
    return attachments.stream()
        .map(
            a ->
                new InstanceCreate.DataVolume(
                    a.requiredObject("volume").identity("volume", "volumes"),
                    a.string("name"),
                    a.bool("delete_volume_on_instance_delete")))
        .toList();
  }
}
