package io.imprint.server.api;

import io.imprint.core.app.image.ImageConsumers;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.InstanceJson;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.VolumeJson;
import io.javalin.http.Context;

/**
 * Extension, beyond IBM: {@code GET /imprint/v1/images/{id}/consumers} lists the instances and
 * volumes created from an image, so a user can see what a deprecation will affect.
 */
public final class ConsumersApi {
  private final Http http;
  private final ImageConsumers consumers;

  public ConsumersApi(Http http, ImageConsumers consumers) {
    this.http = http;
    this.consumers = consumers;
  }

  public void listImageConsumers(Context ctx) {
    var found = consumers.listImageConsumers(ctx.pathParam("id"));
    // reading the image is not reading what others made of it: each shows as its list would
    var readableInstances = Authorizer.readScope(ctx, "is.instance.instance.list", "instance");
    var readableVolumes = Authorizer.readScope(ctx, "is.volume.volume.list", "volume");
    var wire = http.wire(ctx);
    var body = Json.object();
    var instances = body.putArray("instances");
    found.instances().stream()
        .filter(i -> readableInstances.shows(i.resourceGroupId(), i.id()))
        .forEach(i -> instances.add(InstanceJson.reference(wire, i)));
    var volumes = body.putArray("volumes");
    found.volumes().stream()
        .filter(v -> readableVolumes.shows(v.resourceGroupId(), v.id()))
        .forEach(v -> volumes.add(VolumeJson.reference(wire, v)));
    http.json(ctx, 200, body);
  }
}
