package io.imprint.core.port;

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

  /** The event outbox: an event appended here commits or rolls back with this transaction. */
  EventRepository events();

  /** Named values that belong to no resource. */
  SettingRepository settings();

  /** IAM's identities and API keys. */
  IamRepository iam();

  /** IAM's access policies. */
  PolicyRepository policies();

  /** Global Tagging's user tags of images, volumes and instances. */
  TagRepository tags();

  /** IAM's access groups and their members. */
  AccessGroupRepository accessGroups();

  /** Key Protect's root keys, their versions and registrations. */
  KeyRepository keys();

  /**
   * Runs {@code action} once this transaction has committed, and never if it rolls back: events
   * announce only what really happened. Actions run in the order given, on the committing thread; a
   * failing action is logged, not thrown, since the write itself succeeded. Not allowed in a read
   * transaction.
   */
  void afterCommit(Runnable action);
}
