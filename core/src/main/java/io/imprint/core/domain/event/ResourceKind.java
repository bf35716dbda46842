package io.imprint.core.domain.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of resource events are about, with how Activity Tracker names them: the action's
 * service and object type ({@code is.image} + {@code image} gives {@code is.image.image.create}),
 * the target's type URI, the service name that opens the message, and where the API serves one.
 */
public enum ResourceKind {
  IMAGE("is.image", "image", "images", false),
  VOLUME("is.volume", "volume", "volumes", true),
  INSTANCE("is.instance", "instance", "instances", true),
  VPC("is.vpc", "vpc", "vpcs", false),
  SUBNET("is.subnet", "subnet", "subnets", true),
  RESOURCE_GROUP("resource-controller", "group", "resource_groups", false),
  POLICY("iam-am", "policy", "policies", false),
  SERVICE_ID("iam-identity", "serviceid", "serviceids", false),
  API_KEY("iam-identity", "apikey", "apikeys", false),
  ACCESS_GROUP("iam-groups", "group", "groups", false),
  /** Imprint's own users (an extension: IBM invites users through its user management API). */
  USER("user-management", "user", "users", false),
  /** Key Protect's root keys: actions {@code kms.secrets.*}, CRNs {@code …:kms:…:key:<id>}. */
  KEY("kms", "secrets", "keys", false),
  /**
   * The account as a whole: the target of a refused call to what belongs to no resource (regions,
   * profiles, the clock, the audit trail), so that every 401 and 403 is an event.
   */
  ACCOUNT("imprint", "account", "", false);

  /** The verb of a lifecycle advance warning ({@code is.image.image.warn}); IBM has none. */
  public static final String WARN = "warn";

  private final String service;
  private final String objectType;
  private final String collection;
  private final boolean zonal;

  ResourceKind(String service, String objectType, String collection, boolean zonal) {
    this.service = service;
    this.objectType = objectType;
    this.collection = collection;
    this.zonal = zonal;
  }

  /** {@code service.objectType.verb}, e.g. {@code is.image.image.deprecate}. */
  public String action(String verb) {
    return service + "." + objectType + "." + verb;
  }

  /**
   * An action on a sub-resource of this kind, e.g. {@code is.instance.volume-attachment.create}.
   */
  public String action(String subType, String verb) {
    return service + "." + subType + "." + verb;
  }

  /** The service part of actions and CRNs: {@code is.image}, {@code iam-identity}, … */
  public String service() {
    return service;
  }

  /** Whether IAM owns this kind (its CRN names the account only, no location). */
  public boolean iam() {
    return service.startsWith("iam-") || this == USER;
  }

  public String typeUri() {
    return service + "/" + objectType;
  }

  /** The CRN's resource type: the object type, except for resource groups. */
  public String crnType() {
    return switch (this) {
      case RESOURCE_GROUP -> "resource-group";
      case KEY -> "key";
      default -> objectType;
    };
  }

  /** Whether the CRN's location is the resource's zone (else the region). */
  public boolean zonal() {
    return zonal;
  }

  /** The service name that opens an event's message. */
  public String serviceName() {
    return switch (this) {
      case RESOURCE_GROUP -> "Resource Controller";
      case POLICY -> "IAM Access Management";
      case SERVICE_ID, API_KEY -> "IAM Identity Service";
      case ACCESS_GROUP -> "IAM Access Groups";
      case USER -> "User Management";
      case KEY -> "Key Protect";
      default -> "Virtual Private Cloud";
    };
  }

  /** The API path of the resource {@code id}: {@code /v1/images/<id>}. */
  public String uri(String id) {
    if (this == ACCOUNT) {
      return "";
    }
    var prefix =
        switch (this) {
          case RESOURCE_GROUP, ACCESS_GROUP -> "/v2/";
          case USER -> "/imprint/v1/";
          case KEY -> "/api/v2/";
          default -> "/v1/";
        };
    return prefix + collection + "/" + id;
  }

  /** The kind an API collection ({@code images}, {@code resource_groups}, …) holds. */
  public static Optional<ResourceKind> ofCollection(String collection) {
    return Arrays.stream(values())
        .filter(k -> k != ACCOUNT && k.collection.equals(collection))
        .findFirst();
  }
}
