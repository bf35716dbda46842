package io.imprint.server;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.imprint.server.api.CatalogApi;
import io.imprint.server.api.ClockApi;
import io.imprint.server.api.ConsumersApi;
import io.imprint.server.api.ContentApi;
import io.imprint.server.api.EventsApi;
import io.imprint.server.api.IamManagementApis;
import io.imprint.server.api.IdentityApi;
import io.imprint.server.api.ImagesApi;
import io.imprint.server.api.InstancesApi;
import io.imprint.server.api.KeysApi;
import io.imprint.server.api.OpenApiApi;
import io.imprint.server.api.PoliciesApi;
import io.imprint.server.api.RegionsApi;
import io.imprint.server.api.ResourceGroupsApi;
import io.imprint.server.api.SubnetsApi;
import io.imprint.server.api.TagsApi;
import io.imprint.server.api.VolumesApi;
import io.imprint.server.api.VpcsApi;
import io.imprint.server.http.Route;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint Imprint serves, in one list: path, method, the IAM action that authorises it, and
 * its handler. IBM's action names ({@code is.image.image.list} …) are taken from the VPC IAM
 * documentation.
 */
public final class Routes {
  public record Apis(
      RegionsApi regions,
      ResourceGroupsApi resourceGroups,
      CatalogApi catalog,
      VpcsApi vpcs,
      SubnetsApi subnets,
      ImagesApi images,
      VolumesApi volumes,
      InstancesApi instances,
      ContentApi content,
      ClockApi clock,
      ConsumersApi consumers,
      EventsApi events,
      IdentityApi identity,
      PoliciesApi policies,
      TagsApi tags,
      IamManagementApis iam,
      KeysApi keys,
      OpenApiApi openApi) {}

  private final List<Route> routes = new ArrayList<>();

  private Routes() {}

  public static List<Route> all(Apis api) {
    var r = new Routes();
    // IAM's own endpoints: anyone may ask for a token or the keys that verify it
    r.add(POST, "/identity/token", Route.PUBLIC, api.identity()::createToken);
    r.add(GET, "/identity/keys", Route.PUBLIC, api.identity()::getKeys);
    // what may be called, as IBM publishes its API definitions; no one's data
    r.add(GET, "/openapi.json", Route.PUBLIC, api.openApi()::getOpenApi);
    // IAM Policy Management: granting access is the account's Administrator's
    r.add(GET, "/v1/policies", "iam.policy.read", api.policies()::listPolicies);
    r.add(POST, "/v1/policies", "iam.policy.create", api.policies()::createPolicy);
    r.add(GET, "/v1/policies/{id}", "iam.policy.read", api.policies()::getPolicy);
    r.add(PUT, "/v1/policies/{id}", "iam.policy.update", api.policies()::replacePolicy);
    r.add(DELETE, "/v1/policies/{id}", "iam.policy.delete", api.policies()::deletePolicy);
    r.add(GET, "/v1/regions", "is.region.region.list", api.regions()::listRegions);
    r.add(GET, "/v1/regions/{region}", "is.region.region.read", api.regions()::getRegion);
    r.add(GET, "/v1/regions/{region}/zones", "is.zone.zone.list", api.regions()::listRegionZones);
    r.add(
        GET,
        "/v1/regions/{region}/zones/{zone}",
        "is.zone.zone.read",
        api.regions()::getRegionZone);

    r.add(
        GET,
        "/v2/resource_groups",
        "resource-controller.group.retrieve",
        api.resourceGroups()::listResourceGroups);
    r.add(
        POST,
        "/v2/resource_groups",
        "resource-controller.group.create",
        api.resourceGroups()::createResourceGroup);
    r.add(
        GET,
        "/v2/resource_groups/{id}",
        "resource-controller.group.retrieve",
        api.resourceGroups()::getResourceGroup);
    r.add(
        PATCH,
        "/v2/resource_groups/{id}",
        "resource-controller.group.update",
        api.resourceGroups()::updateResourceGroup);
    r.add(
        DELETE,
        "/v2/resource_groups/{id}",
        "resource-controller.group.delete",
        api.resourceGroups()::deleteResourceGroup);

    r.iamManagement(api.iam());

    r.add(
        GET,
        "/v1/operating_systems",
        "is.operating-system.operating-system.list",
        api.catalog()::listOperatingSystems);
    r.add(
        GET,
        "/v1/operating_systems/{name}",
        "is.operating-system.operating-system.read",
        api.catalog()::getOperatingSystem);
    r.add(
        GET,
        "/v1/instance/profiles",
        "is.instance.instance-profile.list",
        api.catalog()::listInstanceProfiles);
    r.add(
        GET,
        "/v1/instance/profiles/{name}",
        "is.instance.instance-profile.read",
        api.catalog()::getInstanceProfile);
    r.add(
        GET,
        "/v1/volume/profiles",
        "is.volume.volume-profile.list",
        api.catalog()::listVolumeProfiles);
    r.add(
        GET,
        "/v1/volume/profiles/{name}",
        "is.volume.volume-profile.read",
        api.catalog()::getVolumeProfile);

    r.add(GET, "/v1/vpcs", "is.vpc.vpc.list", api.vpcs()::listVpcs);
    r.add(POST, "/v1/vpcs", "is.vpc.vpc.create", api.vpcs()::createVpc);
    r.add(GET, "/v1/vpcs/{id}", "is.vpc.vpc.read", api.vpcs()::getVpc);
    r.add(DELETE, "/v1/vpcs/{id}", "is.vpc.vpc.delete", api.vpcs()::deleteVpc);

    r.add(GET, "/v1/subnets", "is.subnet.subnet.list", api.subnets()::listSubnets);
    r.add(POST, "/v1/subnets", "is.subnet.subnet.create", api.subnets()::createSubnet);
    r.add(GET, "/v1/subnets/{id}", "is.subnet.subnet.read", api.subnets()::getSubnet);
    r.add(DELETE, "/v1/subnets/{id}", "is.subnet.subnet.delete", api.subnets()::deleteSubnet);

    r.add(GET, "/v1/images", "is.image.image.list", api.images()::listImages);
    r.add(POST, "/v1/images", "is.image.image.create", api.images()::createImage);
    r.add(GET, "/v1/images/{id}", "is.image.image.read", api.images()::getImage);
    r.add(PATCH, "/v1/images/{id}", "is.image.image.update", api.images()::updateImage);
    r.add(DELETE, "/v1/images/{id}", "is.image.image.delete", api.images()::deleteImage);
    r.add(
        POST,
        "/v1/images/{id}/deprecate",
        "is.image.image.deprecate",
        api.images()::deprecateImage);
    r.add(POST, "/v1/images/{id}/obsolete", "is.image.image.obsolete", api.images()::obsoleteImage);

    r.add(GET, "/v1/volumes", "is.volume.volume.list", api.volumes()::listVolumes);
    r.add(POST, "/v1/volumes", "is.volume.volume.create", api.volumes()::createVolume);
    r.add(GET, "/v1/volumes/{id}", "is.volume.volume.read", api.volumes()::getVolume);
    r.add(PATCH, "/v1/volumes/{id}", "is.volume.volume.update", api.volumes()::updateVolume);
    r.add(DELETE, "/v1/volumes/{id}", "is.volume.volume.delete", api.volumes()::deleteVolume);

    r.add(GET, "/v1/instances", "is.instance.instance.list", api.instances()::listInstances);
    r.add(POST, "/v1/instances", "is.instance.instance.create", api.instances()::createInstance);
    r.add(GET, "/v1/instances/{id}", "is.instance.instance.read", api.instances()::getInstance);
    r.add(
        PATCH,
        "/v1/instances/{id}",
        "is.instance.instance.update",
        api.instances()::updateInstance);
    r.add(
        DELETE,
        "/v1/instances/{id}",
        "is.instance.instance.delete",
        api.instances()::deleteInstance);
    r.add(
        POST,
        "/v1/instances/{id}/actions",
        "is.instance.action.create",
        api.instances()::createInstanceAction);
    r.add(
        GET,
        "/v1/instances/{id}/volume_attachments",
        "is.instance.volume-attachment.list",
        api.instances()::listInstanceVolumeAttachments);
    r.add(
        POST,
        "/v1/instances/{id}/volume_attachments",
        "is.instance.volume-attachment.create",
        api.instances()::createInstanceVolumeAttachment);
    r.add(
        GET,
        "/v1/instances/{instance_id}/volume_attachments/{id}",
        "is.instance.volume-attachment.read",
        api.instances()::getInstanceVolumeAttachment);
    r.add(
        PATCH,
        "/v1/instances/{instance_id}/volume_attachments/{id}",
        "is.instance.volume-attachment.update",
        api.instances()::updateInstanceVolumeAttachment);
    r.add(
        DELETE,
        "/v1/instances/{instance_id}/volume_attachments/{id}",
        "is.instance.volume-attachment.delete",
        api.instances()::deleteInstanceVolumeAttachment);

    // IBM's Global Tagging (user tags only), which takes no version parameter. IBM publishes no
    // IAM action names for these calls (it checks the role on each tagged resource); these are
    // Imprint's, in IBM's service.object.verb form.
    r.add(GET, "/v3/tags", "global-search-tagging.tags.read", api.tags()::listTags);
    r.add(POST, "/v3/tags/attach", "global-search-tagging.tags.attach", api.tags()::attachTag);
    r.add(POST, "/v3/tags/detach", "global-search-tagging.tags.detach", api.tags()::detachTag);

    r.keys(api.keys());

    // Extensions, not in IBM's API: same errors and request ids, no version parameter.
    r.add(
        PUT,
        "/imprint/v1/volumes/{id}/content",
        "is.volume.volume.update",
        api.content()::putVolumeContent);
    r.add(
        GET,
        "/imprint/v1/volumes/{id}/content",
        "is.volume.volume.read",
        api.content()::getVolumeContent);
    // the image list with what IBM's lacks (a name search, an order) and its counts per status
    r.add(GET, "/imprint/v1/images", "is.image.image.list", api.images()::searchImages);
    r.add(
        GET,
        "/imprint/v1/images/status_counts",
        "is.image.image.list",
        api.images()::countImagesByStatus);
    r.add(
        GET,
        "/imprint/v1/images/{id}/content",
        "is.image.image.read",
        api.content()::getImageContent);
    r.add(
        GET,
        "/imprint/v1/images/{id}/capture",
        "is.image.image.read",
        api.images()::getImageCapture);
    r.add(
        POST,
        "/imprint/v1/images/{id}/capture/cancel",
        "is.image.image.delete",
        api.images()::cancelImageCapture);
    r.add(
        GET,
        "/imprint/v1/images/{id}/consumers",
        "is.image.image.read",
        api.consumers()::listImageConsumers);
    r.add(GET, "/imprint/v1/clock", "imprint.clock.read", api.clock()::getClock);
    r.add(POST, "/imprint/v1/clock", "imprint.clock.update", api.clock()::moveClock);
    r.add(GET, "/imprint/v1/events", "imprint.event.event.list", api.events()::listEvents);
    return List.copyOf(r.routes);
  }

  /**
   * IAM Identity ({@code /v1/serviceids}, {@code /v1/apikeys}) and IAM Access Groups ({@code
   * /v2/groups}) with IBM's action names, and Imprint's users. Like IBM's, these paths take no
   * {@code version} parameter.
   */
  private void iamManagement(IamManagementApis iam) {
    var ids = iam.serviceIds();
    add(GET, "/v1/serviceids", "iam-identity.serviceid.list", ids::listServiceIds);
    add(POST, "/v1/serviceids", "iam-identity.serviceid.create", ids::createServiceId);
    add(GET, "/v1/serviceids/{id}", "iam-identity.serviceid.read", ids::getServiceId);
    add(PUT, "/v1/serviceids/{id}", "iam-identity.serviceid.update", ids::updateServiceId);
    add(DELETE, "/v1/serviceids/{id}", "iam-identity.serviceid.delete", ids::deleteServiceId);
    add(POST, "/v1/serviceids/{id}/lock", "iam-identity.serviceid.lock", ids::lockServiceId);
    add(DELETE, "/v1/serviceids/{id}/lock", "iam-identity.serviceid.unlock", ids::unlockServiceId);

    var keys = iam.apiKeys();
    add(GET, "/v1/apikeys", "iam-identity.apikey.list", keys::listApiKeys);
    add(POST, "/v1/apikeys", "iam-identity.apikey.create", keys::createApiKey);
    add(GET, "/v1/apikeys/{id}", "iam-identity.apikey.read", keys::getApiKey);
    add(PUT, "/v1/apikeys/{id}", "iam-identity.apikey.update", keys::updateApiKey);
    add(DELETE, "/v1/apikeys/{id}", "iam-identity.apikey.delete", keys::deleteApiKey);
    add(POST, "/v1/apikeys/{id}/lock", "iam-identity.apikey.lock", keys::lockApiKey);
    add(DELETE, "/v1/apikeys/{id}/lock", "iam-identity.apikey.unlock", keys::unlockApiKey);

    var groups = iam.accessGroups();
    add(GET, "/v2/groups", "iam-groups.groups.list", groups::listAccessGroups);
    add(POST, "/v2/groups", "iam-groups.groups.create", groups::createAccessGroup);
    add(GET, "/v2/groups/{id}", "iam-groups.groups.read", groups::getAccessGroup);
    add(PATCH, "/v2/groups/{id}", "iam-groups.groups.update", groups::updateAccessGroup);
    add(DELETE, "/v2/groups/{id}", "iam-groups.groups.delete", groups::deleteAccessGroup);
    add(PUT, "/v2/groups/{id}/members", "iam-groups.members.add", groups::addMembersToAccessGroup);
    add(GET, "/v2/groups/{id}/members", "iam-groups.members.list", groups::listAccessGroupMembers);
    add(
        DELETE,
        "/v2/groups/{id}/members/{iam_id}",
        "iam-groups.members.remove",
        groups::removeMemberFromAccessGroup);

    add(GET, "/imprint/v1/users", "user-management.user.list", iam.users()::listUsers);
    add(POST, "/imprint/v1/users", "user-management.user.create", iam.users()::createUser);
  }

  /**
   * Key Protect's root keys ({@code /api/v2/keys}, no {@code version} parameter) with Key Protect's
   * IAM action names, {@code kms.secrets.*}; docs/keys.md maps its service roles onto the platform
   * roles.
   */
  private void keys(KeysApi keys) {
    add(GET, "/api/v2/keys", "kms.secrets.list", keys::listKeys);
    add(POST, "/api/v2/keys", "kms.secrets.create", keys::createKey);
    add(GET, "/api/v2/keys/{id}", "kms.secrets.read", keys::getKey);
    add(DELETE, "/api/v2/keys/{id}", "kms.secrets.delete", keys::deleteKey);
    add(GET, "/api/v2/keys/{id}/registrations", "kms.registrations.list", keys::listRegistrations);
    add(POST, "/api/v2/keys/{id}/actions/wrap", "kms.secrets.wrap", keys::wrapKey);
    add(POST, "/api/v2/keys/{id}/actions/unwrap", "kms.secrets.unwrap", keys::unwrapKey);
    add(POST, "/api/v2/keys/{id}/actions/rewrap", "kms.secrets.rewrap", keys::rewrapKey);
    add(POST, "/api/v2/keys/{id}/actions/disable", "kms.secrets.disable", keys::disableKey);
    add(POST, "/api/v2/keys/{id}/actions/enable", "kms.secrets.enable", keys::enableKey);
    add(POST, "/api/v2/keys/{id}/actions/rotate", "kms.secrets.rotate", keys::rotateKey);
  }

  private void add(HandlerType method, String path, String iamAction, Route.Operation handler) {
    routes.add(Route.of(method, path, iamAction, handler));
  }
}
