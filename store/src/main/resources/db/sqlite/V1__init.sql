-- Imprint metadata store, SQLite dialect (keep in step with db/postgres).
--
-- Every resource table has the same shape: `seq` is the insertion sequence (the stable list order and the paging
-- position; AUTOINCREMENT so a deleted row's number is never handed out again), `id` the resource id, `version` the
-- compare-and-set counter, and `doc` the whole domain record as JSON without its version. The other columns are
-- copies of record fields that filters, uniqueness and ordering need; the store derives them from the record on every
-- insert and update, so they never disagree with `doc`. Enum columns hold the API's lower-case wire strings.

CREATE TABLE resource_groups (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id         TEXT    NOT NULL UNIQUE,           -- resource group id, 32 hex digits
  name       TEXT    NOT NULL UNIQUE,           -- name, unique in the account
  is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)), -- 1 for the account's default group
  version    INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc        TEXT    NOT NULL                   -- the ResourceGroup record as JSON, without version
);

CREATE TABLE vpcs (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id                TEXT    NOT NULL UNIQUE,           -- VPC id (r006-<uuid>)
  name              TEXT    NOT NULL UNIQUE,           -- name, unique in the region
  resource_group_id TEXT,                              -- owning resource group
  is_default        INTEGER NOT NULL CHECK (is_default IN (0, 1)), -- 1 for the region's default VPC
  version           INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc               TEXT    NOT NULL                   -- the Vpc record as JSON, without version
);
CREATE INDEX vpcs_resource_group_id_seq ON vpcs (resource_group_id, seq);

CREATE TABLE subnets (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id                TEXT    NOT NULL UNIQUE,           -- subnet id (<zone code>-<uuid>)
  name              TEXT    NOT NULL UNIQUE,           -- name, unique in the region
  vpc_id            TEXT    NOT NULL,                  -- the VPC the subnet belongs to
  zone              TEXT    NOT NULL,                  -- zone name (us-south-1)
  resource_group_id TEXT,                              -- owning resource group
  version           INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc               TEXT    NOT NULL                   -- the Subnet record as JSON, without version
);
CREATE INDEX subnets_vpc_id_seq ON subnets (vpc_id, seq);
CREATE INDEX subnets_resource_group_id_seq ON subnets (resource_group_id, seq);

CREATE TABLE images (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id                TEXT    NOT NULL UNIQUE,           -- image id (r006-<uuid>)
  name              TEXT    NOT NULL UNIQUE,           -- name, unique in the region
  status            TEXT    NOT NULL,                  -- lifecycle status, wire form (available, deprecated, ...)
  visibility        TEXT    NOT NULL,                  -- private or public
  owner_account_id  TEXT,                              -- owning account; the owner filter compares it with the caller's
  resource_group_id TEXT,                              -- owning resource group; null for the stock catalog
  user_data_format  TEXT,                              -- cloud_init, esxi_kickstart or ipxe
  version           INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc               TEXT    NOT NULL                   -- the Image record as JSON, without version
);
CREATE INDEX images_status_seq ON images (status, seq);
CREATE INDEX images_visibility_seq ON images (visibility, seq);
CREATE INDEX images_owner_account_id_seq ON images (owner_account_id, seq);
CREATE INDEX images_resource_group_id_seq ON images (resource_group_id, seq);
CREATE INDEX images_user_data_format_seq ON images (user_data_format, seq);

CREATE TABLE volumes (
  seq                   INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id                    TEXT    NOT NULL UNIQUE,           -- volume id (r006-<uuid>)
  name                  TEXT    NOT NULL UNIQUE,           -- name, unique in the region
  zone                  TEXT    NOT NULL,                  -- zone name (us-south-1)
  resource_group_id     TEXT,                              -- owning resource group
  encryption            TEXT,                              -- provider_managed or user_managed
  operating_system_name TEXT,                              -- OS of a boot volume made from an image, else null
  tags                  TEXT    NOT NULL,                  -- user tags as |t1|t2| (| alone when none), for LIKE
  version               INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc                   TEXT    NOT NULL                   -- the Volume record as JSON, without version
);
CREATE INDEX volumes_zone_seq ON volumes (zone, seq);
CREATE INDEX volumes_resource_group_id_seq ON volumes (resource_group_id, seq);
CREATE INDEX volumes_operating_system_name_seq ON volumes (operating_system_name, seq);

CREATE TABLE instances (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion sequence: list order and paging position
  id                TEXT    NOT NULL UNIQUE,           -- instance id (<zone code>_<uuid>)
  name              TEXT    NOT NULL UNIQUE,           -- name, unique in the region
  zone              TEXT    NOT NULL,                  -- zone name (us-south-1)
  vpc_id            TEXT,                              -- the instance's VPC
  subnet_id         TEXT,                              -- subnet of the primary network interface
  status            TEXT    NOT NULL,                  -- power status, wire form (running, stopped, ...)
  resource_group_id TEXT,                              -- owning resource group
  version           INTEGER NOT NULL,                  -- compare-and-set counter, incremented by every update
  doc               TEXT    NOT NULL                   -- the Instance record as JSON, without version
);
CREATE INDEX instances_status_seq ON instances (status, seq);
CREATE INDEX instances_vpc_id_seq ON instances (vpc_id, seq);
CREATE INDEX instances_subnet_id_seq ON instances (subnet_id, seq);
CREATE INDEX instances_resource_group_id_seq ON instances (resource_group_id, seq);

CREATE TABLE volume_attachments (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,           -- insertion sequence: the instance's attachment order
  id          TEXT    NOT NULL UNIQUE,                     -- attachment id (<zone code>-<uuid>)
  instance_id TEXT    NOT NULL REFERENCES instances (id),  -- the instance the volume is attached to
  volume_id   TEXT    NOT NULL UNIQUE REFERENCES volumes (id), -- the attached volume; UNIQUE: attached at most once
  name        TEXT    NOT NULL,                            -- name, unique per instance
  version     INTEGER NOT NULL,                            -- compare-and-set counter, incremented by every update
  doc         TEXT    NOT NULL,                            -- the VolumeAttachment record as JSON, without version
  UNIQUE (instance_id, name)
);
CREATE INDEX volume_attachments_instance_id_seq ON volume_attachments (instance_id, seq);
