package io.imprint.core.store;

/** The repositories of one transaction. */
public interface Tx {
  ResourceGroupRepository resourceGroups();

  VpcRepository vpcs();

  SubnetRepository subnets();

  ImageRepository images();

  VolumeRepository volumes();

  VolumeAttachmentRepository volumeAttachments();

  InstanceRepository instances();

  DiskRepository disks();

  JobRepository jobs();
}
