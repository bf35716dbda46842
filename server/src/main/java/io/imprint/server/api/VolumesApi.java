package io.imprint.server.api;

import io.imprint.core.app.volume.VolumeService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.volume.VolumeCreate;
import io.imprint.core.domain.volume.VolumeFilter;
import io.imprint.core.domain.volume.VolumePatch;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.JsonBody;
import io.imprint.server.wire.Query;
import io.imprint.server.wire.VolumeJson;
import io.javalin.http.Context;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /v1/volumes}, with IBM's ETag / If-Match on get, update and delete. */
public final class VolumesApi {
  private final Http http;
  private final VolumeService volumes;
  private final VolumeJson json;
  private final Catalog catalog;

  public VolumesApi(Http http, VolumeService volumes, VolumeJson json, Catalog catalog) {
    this.http = http;
    this.volumes = volumes;
    this.json = json;
    this.catalog = catalog;
  }

  public void listVolumes(Context ctx) {
    var query = http.query(ctx);
    var wire = http.wire(ctx);
    var page =
        volumes.listVolumes(
            filter(query), Authorizer.readScope(ctx), query.page(http.tokens(), "/v1/volumes"));
    http.json(
        ctx,
        200,
        wire.collection(
            ctx,
            http.tokens(),
            "/v1/volumes",
            "volumes",
            query.limit(),
            page,
            v -> json.render(wire, v)));
  }

  public void createVolume(Context ctx) {
    var body = http.body(ctx);
    var group = body.object("resource_group");
    var created =
        volumes.createVolume(
            new VolumeCreate(
                body.string("name"),
                body.integer("capacity"),
                body.requiredObject("profile").nameIdentity("volume/profiles"),
                body.integer("iops"),
                body.requiredObject("zone").nameIdentity("zones"),
                group == null ? null : group.identity("resource-group", "resource_groups"),
                body.strings("user_tags"),
                ImagesApi.encryptionKeyCrn(body)));
    ctx.header("ETag", Http.etag(created.volume().version()));
    http.json(ctx, 201, json.render(http.wire(ctx), created));
  }

  public void getVolume(Context ctx) {
    var details = volumes.getVolume(ctx.pathParam("id"));
    ctx.header("ETag", Http.etag(details.volume().version()));
    http.json(ctx, 200, json.render(http.wire(ctx), details));
  }

  public void updateVolume(Context ctx) {
    var body = http.body(ctx);
    var updated = volumes.updateVolume(ctx.pathParam("id"), patch(body), Http.ifMatch(ctx));
    ctx.header("ETag", Http.etag(updated.volume().version()));
    http.json(ctx, 200, json.render(http.wire(ctx), updated));
  }

  public void deleteVolume(Context ctx) {
    volumes.deleteVolume(ctx.pathParam("id"), Http.ifMatch(ctx));
    http.noContent(ctx, 204);
  }

  private static VolumePatch patch(JsonBody body) {
    for (var field : new String[] {"name", "capacity", "user_tags"}) {
      if (body.isExplicitNull(field)) {
        throw new ApiException(
            ErrorCode.VALIDATION_NOT_NULL, field + " cannot be cleared.", Target.field(field));
      }
    }
    return new VolumePatch(
        body.string("name"), body.integer("capacity"), body.strings("user_tags"));
  }

  private VolumeFilter filter(Query query) {
    var family = query.string("operating_system.family");
    var architecture = query.string("operating_system.architecture");
    Set<String> osNames = null;
    if (family != null || architecture != null) {
      osNames =
          catalog.operatingSystems().stream()
              .filter(os -> family == null || os.family().equals(family))
              .filter(os -> architecture == null || os.architecture().equals(architecture))
              .map(os -> os.name())
              .collect(Collectors.toSet());
    }
    return new VolumeFilter(
        query.string("name"),
        query.string("zone.name"),
        query.enumValue("attachment_state", Set.of("attached", "unattached", "unusable")),
        query.enumValue("encryption", Set.of("provider_managed", "user_managed")),
        osNames,
        TagName.forFilter(query.string("tag")));
  }
}
