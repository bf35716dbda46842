-- Records with more than eight fields were split into parts (Image: state, owner, file, origin; Volume: spec,
-- placement, content, state; Instance: placement, state; Subnet: network), so each `doc` nests those fields under
-- the part's name. The values move unchanged; the derived columns do not change.

UPDATE images SET doc = ((doc::jsonb - ARRAY['status', 'statusReasons', 'deprecationAt', 'obsolescenceAt', 'visibility', 'ownerAccountId', 'resourceGroupId', 'catalogManaged', 'fileSizeGb', 'sha256', 'minimumProvisionedSize', 'encryption', 'encryptionKeyCrn', 'operatingSystemName', 'userDataFormat', 'sourceVolume', 'allowedUse']::text[])
  || jsonb_build_object(
    'state', jsonb_build_object('status', doc::jsonb -> 'status', 'statusReasons', doc::jsonb -> 'statusReasons', 'deprecationAt', doc::jsonb -> 'deprecationAt', 'obsolescenceAt', doc::jsonb -> 'obsolescenceAt'),
    'owner', jsonb_build_object('visibility', doc::jsonb -> 'visibility', 'ownerAccountId', doc::jsonb -> 'ownerAccountId', 'resourceGroupId', doc::jsonb -> 'resourceGroupId', 'catalogManaged', doc::jsonb -> 'catalogManaged'),
    'file', jsonb_build_object('fileSizeGb', doc::jsonb -> 'fileSizeGb', 'sha256', doc::jsonb -> 'sha256', 'minimumProvisionedSize', doc::jsonb -> 'minimumProvisionedSize', 'encryption', doc::jsonb -> 'encryption', 'encryptionKeyCrn', doc::jsonb -> 'encryptionKeyCrn'),
    'origin', jsonb_build_object('operatingSystemName', doc::jsonb -> 'operatingSystemName', 'userDataFormat', doc::jsonb -> 'userDataFormat', 'sourceVolume', doc::jsonb -> 'sourceVolume', 'allowedUse', doc::jsonb -> 'allowedUse')))::text;

UPDATE volumes SET doc = ((doc::jsonb - ARRAY['capacity', 'profileName', 'iops', 'zone', 'resourceGroupId', 'userTags', 'encryption', 'encryptionKeyCrn', 'operatingSystemName', 'sourceImage', 'status', 'busy']::text[])
  || jsonb_build_object(
    'spec', jsonb_build_object('capacity', doc::jsonb -> 'capacity', 'profileName', doc::jsonb -> 'profileName', 'iops', doc::jsonb -> 'iops'),
    'placement', jsonb_build_object('zone', doc::jsonb -> 'zone', 'resourceGroupId', doc::jsonb -> 'resourceGroupId', 'userTags', doc::jsonb -> 'userTags'),
    'content', jsonb_build_object('encryption', doc::jsonb -> 'encryption', 'encryptionKeyCrn', doc::jsonb -> 'encryptionKeyCrn', 'operatingSystemName', doc::jsonb -> 'operatingSystemName', 'sourceImage', doc::jsonb -> 'sourceImage'),
    'state', jsonb_build_object('status', doc::jsonb -> 'status', 'busy', doc::jsonb -> 'busy')))::text;

UPDATE instances SET doc = ((doc::jsonb - ARRAY['zone', 'vpcId', 'vpcName', 'resourceGroupId', 'primaryNetworkInterface', 'status', 'statusReasons', 'statusChangedAt']::text[])
  || jsonb_build_object(
    'placement', jsonb_build_object('zone', doc::jsonb -> 'zone', 'vpcId', doc::jsonb -> 'vpcId', 'vpcName', doc::jsonb -> 'vpcName', 'resourceGroupId', doc::jsonb -> 'resourceGroupId', 'primaryNetworkInterface', doc::jsonb -> 'primaryNetworkInterface'),
    'state', jsonb_build_object('status', doc::jsonb -> 'status', 'statusReasons', doc::jsonb -> 'statusReasons', 'statusChangedAt', doc::jsonb -> 'statusChangedAt')))::text;

UPDATE subnets SET doc = ((doc::jsonb - ARRAY['vpcId', 'vpcName', 'zone', 'ipv4CidrBlock']::text[])
  || jsonb_build_object(
    'network', jsonb_build_object('vpcId', doc::jsonb -> 'vpcId', 'vpcName', doc::jsonb -> 'vpcName', 'zone', doc::jsonb -> 'zone', 'ipv4CidrBlock', doc::jsonb -> 'ipv4CidrBlock')))::text;
