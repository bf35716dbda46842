package io.imprint.store.jdbc;

import io.imprint.core.port.AccessGroupRepository;
import io.imprint.core.port.DiskRepository;
import io.imprint.core.port.EventRepository;
import io.imprint.core.port.IamRepository;
import io.imprint.core.port.ImageRepository;
import io.imprint.core.port.InstanceRepository;
import io.imprint.core.port.JobRepository;
import io.imprint.core.port.KeyRepository;
import io.imprint.core.port.PolicyRepository;
import io.imprint.core.port.ResourceGroupRepository;
import io.imprint.core.port.SettingRepository;
import io.imprint.core.port.SubnetRepository;
import io.imprint.core.port.TagRepository;
import io.imprint.core.port.Tx;
import io.imprint.core.port.VolumeAttachmentRepository;
import io.imprint.core.port.VolumeRepository;
import io.imprint.core.port.VpcRepository;
import java.util.ArrayList;
import java.util.List;

/** The repositories of one transaction, all on its connection. */
final class JdbcTx implements Tx {
  private final boolean readOnly;
  private final ResourceGroupRepository resourceGroups;
  private final VpcRepository vpcs;
  private final SubnetRepository subnets;
  private final ImageRepository images;
  private final VolumeRepository volumes;
  private final VolumeAttachmentRepository volumeAttachments;
  private final InstanceRepository instances;
  private final DiskRepository disks;
  private final JobRepository jobs;
  private final JdbcEventRepository events;
  private final SettingRepository settings;
  private final IamRepository iam;
  private final PolicyRepository policies;
  private final TagRepository tags;
  private final AccessGroupRepository accessGroups;
  private final KeyRepository keys;
  private final List<Runnable> afterCommit = new ArrayList<>();

  JdbcTx(Sql sql, boolean readOnly) {
    this.readOnly = readOnly;
    this.resourceGroups = new JdbcResourceGroupRepository(sql);
    this.vpcs = new JdbcVpcRepository(sql);
    this.subnets = new JdbcSubnetRepository(sql);
    this.images = new JdbcImageRepository(sql);
    this.volumes = new JdbcVolumeRepository(sql);
    this.volumeAttachments = new JdbcVolumeAttachmentRepository(sql);
    this.instances = new JdbcInstanceRepository(sql);
    this.disks = new JdbcDiskRepository(sql);
    this.jobs = new JdbcJobRepository(sql);
    this.events = new JdbcEventRepository(sql, readOnly);
    this.settings = new JdbcSettingRepository(sql);
    this.iam = new JdbcIamRepository(sql);
    this.policies = new JdbcPolicyRepository(sql);
    this.tags = new JdbcTagRepository(sql);
    this.accessGroups = new JdbcAccessGroupRepository(sql);
    this.keys = new JdbcKeyRepository(sql);
  }

  /** Writes what the repositories held back for the end of the transaction; before its commit. */
  void beforeCommit() {
    events.flush();
  }

  @Override
  public SettingRepository settings() {
    return settings;
  }

  @Override
  public IamRepository iam() {
    return iam;
  }

  @Override
  public PolicyRepository policies() {
    return policies;
  }

  @Override
  public TagRepository tags() {
    return tags;
  }

  @Override
  public AccessGroupRepository accessGroups() {
    return accessGroups;
  }

  @Override
  public KeyRepository keys() {
    return keys;
  }

  @Override
  public void afterCommit(Runnable action) {
    if (readOnly) {
      throw new IllegalStateException("a read transaction commits nothing to act after");
    }
    afterCommit.add(action);
  }

  /** The actions registered by {@link #afterCommit}, in order. */
  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  boolean readOnly() {
    return readOnly;
  }

  @Override
  public ResourceGroupRepository resourceGroups() {
    return resourceGroups;
  }

  @Override
  public VpcRepository vpcs() {
    return vpcs;
  }

  @Override
  public SubnetRepository subnets() {
    return subnets;
  }

  @Override
  public ImageRepository images() {
    return images;
  }

  @Override
  public VolumeRepository volumes() {
    return volumes;
  }

  @Override
  public VolumeAttachmentRepository volumeAttachments() {
    return volumeAttachments;
  }

  @Override
  public InstanceRepository instances() {
    return instances;
  }

  @Override
  public DiskRepository disks() {
    return disks;
  }

  @Override
  public JobRepository jobs() {
    return jobs;
  }

  @Override
  public EventRepository events() {
    return events;
  }
}
