package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.instance.NetworkInterface;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records for the store tests. Every builder sets every field, nested records and lists included,
 * so a round trip through the store checks them all; tests change only the fields they are about.
 */
final class Fixtures {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String PROVIDER_ACCOUNT = "811f8abfbd32425597dc7ba40da98fa6";
  static final String GROUP = groupId();
  static final String ZONE = "us-south-1";
  static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123Z");

  private static final AtomicInteger NAMES = new AtomicInteger();

  private Fixtures() {}

  static String regionalId() {
    return "r006-" + UUID.randomUUID();
  }

  static String zonalId() {
    return "0717-" + UUID.randomUUID();
  }

  static String groupId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  static ResourceGroup resourceGroup() {
    return resourceGroup(uniqueName("group"), false);
  }

  static ResourceGroup resourceGroup(String name, boolean isDefault) {
    return new ResourceGroup(
        groupId(), name, ACCOUNT, isDefault, CREATED, CREATED.plusMillis(1_500), 0);
  }

  static Vpc vpc() {
    return vpc(GROUP, false);
  }

  static Vpc vpc(String resourceGroupId, boolean isDefault) {
    return new Vpc(regionalId(), uniqueName("vpc"), resourceGroupId, isDefault, CREATED, 0);
  }

  static Subnet subnet(String vpcId, String zone, String resourceGroupId) {
    return new Subnet(
        zonalId(),
        uniqueName("subnet"),
        new Subnet.Network(vpcId, "vpc-name", zone, "10.240.0.0/24"),
        resourceGroupId,
        7,
        CREATED,
        0);
  }

  static ImageBuilder image() {
    return new ImageBuilder();
  }

  static VolumeBuilder volume() {
    return new VolumeBuilder();
  }

  static InstanceBuilder instance() {
    return new InstanceBuilder();
  }

  static VolumeAttachment attachment(String instanceId, String volumeId, String name) {
    return new VolumeAttachment(
        zonalId(),
        instanceId,
        volumeId,
        name,
        VolumeAttachment.Type.DATA,
        true,
        CREATED.plusSeconds(5),
        0);
  }

  static final class ImageBuilder {
    private String name = uniqueName("image");
    private ImageStatus status = ImageStatus.AVAILABLE;
    private Image.Visibility visibility = Image.Visibility.PRIVATE;
    private String ownerAccountId = ACCOUNT;
    private String resourceGroupId = GROUP;
    private String userDataFormat = "cloud_init";
    private Instant deprecationAt = CREATED.plusSeconds(86_400);
    private Instant obsolescenceAt = CREATED.plusSeconds(172_800);
    private Instant createdAt = CREATED;

    ImageBuilder created(Instant value) {
      createdAt = value;
      return this;
    }

    ImageBuilder dates(Instant deprecation, Instant obsolescence) {
      deprecationAt = deprecation;
      obsolescenceAt = obsolescence;
      return this;
    }

    ImageBuilder name(String value) {
      name = value;
      return this;
    }

    ImageBuilder status(ImageStatus value) {
      status = value;
      return this;
    }

    ImageBuilder visibility(Image.Visibility value) {
      visibility = value;
      return this;
    }

    ImageBuilder owner(String accountId) {
      ownerAccountId = accountId;
      return this;
    }

    ImageBuilder resourceGroup(String id) {
      resourceGroupId = id;
      return this;
    }

    ImageBuilder userDataFormat(String value) {
      userDataFormat = value;
      return this;
    }

    Image build() {
      return new Image(
          regionalId(),
          name,
          new Image.State(
              status,
              List.of(
                  new StatusReason(
                      "encryption_key_deleted",
                      "The encryption key was deleted.",
                      "https://ibm.biz/key"),
                  new StatusReason("image_data_corrupted", "The image data is corrupted.")),
              deprecationAt,
              obsolescenceAt),
          new Image.Owner(visibility, ownerAccountId, resourceGroupId, true),
          new Image.File(
              10,
              "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              12,
              "user_managed",
              "crn:v1:bluemix:public:kms:us-south:a/" + ACCOUNT + ":key:1"),
          new Image.Origin(
              "ubuntu-24-04-amd64",
              userDataFormat,
              new Reference(regionalId(), "source-volume"),
              new AllowedUse("2025-04-08", "true", "enable_secure_boot == true")),
          createdAt,
          0);
    }
  }

  static final class VolumeBuilder {
    private String name = uniqueName("volume");
    private String zone = ZONE;
    private String encryption = "provider_managed";
    private String operatingSystemName = "ubuntu-24-04-amd64";

    VolumeBuilder name(String value) {
      name = value;
      return this;
    }

    VolumeBuilder zone(String value) {
      zone = value;
      return this;
    }

    VolumeBuilder encryption(String value) {
      encryption = value;
      return this;
    }

    VolumeBuilder operatingSystemName(String value) {
      operatingSystemName = value;
      return this;
    }

    Volume build() {
      return new Volume(
          regionalId(),
          name,
          new Volume.Spec(100, "general-purpose", 3000),
          new Volume.Placement(zone, GROUP),
          new Volume.Content(
              encryption,
              "crn:v1:bluemix:public:kms:us-south:a/" + ACCOUNT + ":key:2",
              operatingSystemName,
              new Reference(regionalId(), "source-image")),
          new Volume.State(VolumeStatus.AVAILABLE, true),
          CREATED,
          0);
    }
  }

  static final class InstanceBuilder {
    private String name = uniqueName("instance");
    private String zone = ZONE;
    private String vpcId = regionalId();
    private String subnetId = zonalId();
    private InstanceStatus status = InstanceStatus.RUNNING;
    private String resourceGroupId = GROUP;

    InstanceBuilder name(String value) {
      name = value;
      return this;
    }

    InstanceBuilder zone(String value) {
      zone = value;
      return this;
    }

    InstanceBuilder vpc(String id) {
      vpcId = id;
      return this;
    }

    InstanceBuilder subnet(String id) {
      subnetId = id;
      return this;
    }

    InstanceBuilder status(InstanceStatus value) {
      status = value;
      return this;
    }

    InstanceBuilder resourceGroup(String id) {
      resourceGroupId = id;
      return this;
    }

    Instance build() {
      return new Instance(
          "0717_" + UUID.randomUUID(),
          name,
          "bx2-2x8",
          new Instance.Placement(
              zone,
              vpcId,
              "vpc-name",
              resourceGroupId,
              new NetworkInterface(zonalId(), "eth0", subnetId, "subnet-name", "10.240.0.4", true)),
          new Reference(regionalId(), "boot-image"),
          new Instance.State(
              status,
              List.of(
                  new StatusReason(
                      "cannot_start_capacity", "No capacity.", "https://ibm.biz/capacity")),
              CREATED.plusMillis(2_250)),
          CREATED,
          0);
    }
  }
}
