-- Imprint metadata store, PostgreSQL dialect (keep in step with db/sqlite).
--
-- Every resource table has the same shape: `seq` is the insertion sequence (the stable list order and the paging
-- position), `id` the resource id, `version` the compare-and-set counter, and `doc` the whole domain record as JSON
-- without its version. The other columns are copies of record fields that filters, uniqueness and ordering need; the
-- store derives them from the record on every insert and update, so they never disagree with `doc`. Enum columns
-- hold the API's lower-case wire strings.
--
-- Unique constraints are named <table>_<columns>_key: the store recognises which one a write violated by that name.

CREATE TABLE resource_groups (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         TEXT    NOT NULL CONSTRAINT resource_groups_id_key UNIQUE,
  name       TEXT    NOT NULL CONSTRAINT resource_groups_name_key UNIQUE,
  is_default BOOLEAN NOT NULL,
  version    BIGINT  NOT NULL,
  doc        TEXT    NOT NULL
);
COMMENT ON TABLE resource_groups IS 'Resource Manager resource groups of the configured account';
COMMENT ON COLUMN resource_groups.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN resource_groups.id IS 'resource group id, 32 hex digits';
COMMENT ON COLUMN resource_groups.name IS 'name, unique in the account';
COMMENT ON COLUMN resource_groups.is_default IS 'true for the account''s default group';
COMMENT ON COLUMN resource_groups.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN resource_groups.doc IS 'the ResourceGroup record as JSON, without version';

CREATE TABLE vpcs (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                TEXT    NOT NULL CONSTRAINT vpcs_id_key UNIQUE,
  name              TEXT    NOT NULL CONSTRAINT vpcs_name_key UNIQUE,
  resource_group_id TEXT,
  is_default        BOOLEAN NOT NULL,
  version           BIGINT  NOT NULL,
  doc               TEXT    NOT NULL
);
CREATE INDEX vpcs_resource_group_id_seq ON vpcs (resource_group_id, seq);
COMMENT ON TABLE vpcs IS 'VPCs (network model only: no packets flow)';
COMMENT ON COLUMN vpcs.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN vpcs.id IS 'VPC id (r006-<uuid>)';
COMMENT ON COLUMN vpcs.name IS 'name, unique in the region';
COMMENT ON COLUMN vpcs.resource_group_id IS 'owning resource group';
COMMENT ON COLUMN vpcs.is_default IS 'true for the region''s default VPC';
COMMENT ON COLUMN vpcs.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN vpcs.doc IS 'the Vpc record as JSON, without version';

CREATE TABLE subnets (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                TEXT   NOT NULL CONSTRAINT subnets_id_key UNIQUE,
  name              TEXT   NOT NULL CONSTRAINT subnets_name_key UNIQUE,
  vpc_id            TEXT   NOT NULL,
  zone              TEXT   NOT NULL,
  resource_group_id TEXT,
  version           BIGINT NOT NULL,
  doc               TEXT   NOT NULL
);
CREATE INDEX subnets_vpc_id_seq ON subnets (vpc_id, seq);
CREATE INDEX subnets_resource_group_id_seq ON subnets (resource_group_id, seq);
COMMENT ON TABLE subnets IS 'subnets of VPCs, one zone each';
COMMENT ON COLUMN subnets.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN subnets.id IS 'subnet id (<zone code>-<uuid>)';
COMMENT ON COLUMN subnets.name IS 'name, unique in the region';
COMMENT ON COLUMN subnets.vpc_id IS 'the VPC the subnet belongs to';
COMMENT ON COLUMN subnets.zone IS 'zone name (us-south-1)';
COMMENT ON COLUMN subnets.resource_group_id IS 'owning resource group';
COMMENT ON COLUMN subnets.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN subnets.doc IS 'the Subnet record as JSON, without version';

CREATE TABLE images (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                TEXT   NOT NULL CONSTRAINT images_id_key UNIQUE,
  name              TEXT   NOT NULL CONSTRAINT images_name_key UNIQUE,
  status            TEXT   NOT NULL,
  visibility        TEXT   NOT NULL,
  owner_account_id  TEXT,
  resource_group_id TEXT,
  user_data_format  TEXT,
  version           BIGINT NOT NULL,
  doc               TEXT   NOT NULL
);
CREATE INDEX images_status_seq ON images (status, seq);
CREATE INDEX images_visibility_seq ON images (visibility, seq);
CREATE INDEX images_owner_account_id_seq ON images (owner_account_id, seq);
CREATE INDEX images_resource_group_id_seq ON images (resource_group_id, seq);
CREATE INDEX images_user_data_format_seq ON images (user_data_format, seq);
COMMENT ON TABLE images IS 'images: custom images and the stock catalog';
COMMENT ON COLUMN images.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN images.id IS 'image id (r006-<uuid>)';
COMMENT ON COLUMN images.name IS 'name, unique in the region';
COMMENT ON COLUMN images.status IS 'lifecycle status, wire form (available, deprecated, ...)';
COMMENT ON COLUMN images.visibility IS 'private or public';
COMMENT ON COLUMN images.owner_account_id IS 'owning account; the owner filter compares it with the caller''s';
COMMENT ON COLUMN images.resource_group_id IS 'owning resource group; null for the stock catalog';
COMMENT ON COLUMN images.user_data_format IS 'cloud_init, esxi_kickstart or ipxe';
COMMENT ON COLUMN images.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN images.doc IS 'the Image record as JSON, without version';

CREATE TABLE volumes (
  seq                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                    TEXT   NOT NULL CONSTRAINT volumes_id_key UNIQUE,
  name                  TEXT   NOT NULL CONSTRAINT volumes_name_key UNIQUE,
  zone                  TEXT   NOT NULL,
  resource_group_id     TEXT,
  encryption            TEXT,
  operating_system_name TEXT,
  tags                  TEXT   NOT NULL,
  version               BIGINT NOT NULL,
  doc                   TEXT   NOT NULL
);
CREATE INDEX volumes_zone_seq ON volumes (zone, seq);
CREATE INDEX volumes_resource_group_id_seq ON volumes (resource_group_id, seq);
CREATE INDEX volumes_operating_system_name_seq ON volumes (operating_system_name, seq);
COMMENT ON TABLE volumes IS 'block volumes';
COMMENT ON COLUMN volumes.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN volumes.id IS 'volume id (r006-<uuid>)';
COMMENT ON COLUMN volumes.name IS 'name, unique in the region';
COMMENT ON COLUMN volumes.zone IS 'zone name (us-south-1)';
COMMENT ON COLUMN volumes.resource_group_id IS 'owning resource group';
COMMENT ON COLUMN volumes.encryption IS 'provider_managed or user_managed';
COMMENT ON COLUMN volumes.operating_system_name IS 'OS of a boot volume made from an image, else null';
COMMENT ON COLUMN volumes.tags IS 'user tags as |t1|t2| (| alone when none), for LIKE';
COMMENT ON COLUMN volumes.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN volumes.doc IS 'the Volume record as JSON, without version';

CREATE TABLE instances (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                TEXT   NOT NULL CONSTRAINT instances_id_key UNIQUE,
  name              TEXT   NOT NULL CONSTRAINT instances_name_key UNIQUE,
  zone              TEXT   NOT NULL,
  vpc_id            TEXT,
  subnet_id         TEXT,
  status            TEXT   NOT NULL,
  resource_group_id TEXT,
  version           BIGINT NOT NULL,
  doc               TEXT   NOT NULL
);
CREATE INDEX instances_status_seq ON instances (status, seq);
CREATE INDEX instances_vpc_id_seq ON instances (vpc_id, seq);
CREATE INDEX instances_subnet_id_seq ON instances (subnet_id, seq);
CREATE INDEX instances_resource_group_id_seq ON instances (resource_group_id, seq);
COMMENT ON TABLE instances IS 'virtual server instances (records with a power state machine; no guest runs)';
COMMENT ON COLUMN instances.seq IS 'insertion sequence: list order and paging position';
COMMENT ON COLUMN instances.id IS 'instance id (<zone code>_<uuid>)';
COMMENT ON COLUMN instances.name IS 'name, unique in the region';
COMMENT ON COLUMN instances.zone IS 'zone name (us-south-1)';
COMMENT ON COLUMN instances.vpc_id IS 'the instance''s VPC';
COMMENT ON COLUMN instances.subnet_id IS 'subnet of the primary network interface';
COMMENT ON COLUMN instances.status IS 'power status, wire form (running, stopped, ...)';
COMMENT ON COLUMN instances.resource_group_id IS 'owning resource group';
COMMENT ON COLUMN instances.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN instances.doc IS 'the Instance record as JSON, without version';

CREATE TABLE volume_attachments (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          TEXT   NOT NULL CONSTRAINT volume_attachments_id_key UNIQUE,
  instance_id TEXT   NOT NULL REFERENCES instances (id),
  volume_id   TEXT   NOT NULL CONSTRAINT volume_attachments_volume_id_key UNIQUE REFERENCES volumes (id),
  name        TEXT   NOT NULL,
  version     BIGINT NOT NULL,
  doc         TEXT   NOT NULL,
  CONSTRAINT volume_attachments_instance_id_name_key UNIQUE (instance_id, name)
);
CREATE INDEX volume_attachments_instance_id_seq ON volume_attachments (instance_id, seq);
COMMENT ON TABLE volume_attachments IS 'attachments of volumes to instances; a volume is attached at most once';
COMMENT ON COLUMN volume_attachments.seq IS 'insertion sequence: the instance''s attachment order';
COMMENT ON COLUMN volume_attachments.id IS 'attachment id (<zone code>-<uuid>)';
COMMENT ON COLUMN volume_attachments.instance_id IS 'the instance the volume is attached to';
COMMENT ON COLUMN volume_attachments.volume_id IS 'the attached volume; unique, so it is attached at most once';
COMMENT ON COLUMN volume_attachments.name IS 'name, unique per instance';
COMMENT ON COLUMN volume_attachments.version IS 'compare-and-set counter, incremented by every update';
COMMENT ON COLUMN volume_attachments.doc IS 'the VolumeAttachment record as JSON, without version';
