-- Records with more than eight fields were split into parts (Image: state, owner, file, origin; Volume: spec,
-- placement, content, state; Instance: placement, state; Subnet: network), so each `doc` nests those fields under
-- the part's name. The values move unchanged; the derived columns do not change.

UPDATE images SET doc = json_remove(
  json_set(doc,
    '$.state', json_object('status', json(doc -> '$.status'), 'statusReasons', json(doc -> '$.statusReasons'), 'deprecationAt', json(doc -> '$.deprecationAt'), 'obsolescenceAt', json(doc -> '$.obsolescenceAt')),
    '$.owner', json_object('visibility', json(doc -> '$.visibility'), 'ownerAccountId', json(doc -> '$.ownerAccountId'), 'resourceGroupId', json(doc -> '$.resourceGroupId'), 'catalogManaged', json(doc -> '$.catalogManaged')),
    '$.file', json_object('fileSizeGb', json(doc -> '$.fileSizeGb'), 'sha256', json(doc -> '$.sha256'), 'minimumProvisionedSize', json(doc -> '$.minimumProvisionedSize'), 'encryption', json(doc -> '$.encryption'), 'encryptionKeyCrn', json(doc -> '$.encryptionKeyCrn')),
    '$.origin', json_object('operatingSystemName', json(doc -> '$.operatingSystemName'), 'userDataFormat', json(doc -> '$.userDataFormat'), 'sourceVolume', json(doc -> '$.sourceVolume'), 'allowedUse', json(doc -> '$.allowedUse'))),
  '$.status', '$.statusReasons', '$.deprecationAt', '$.obsolescenceAt', '$.visibility', '$.ownerAccountId', '$.resourceGroupId', '$.catalogManaged', '$.fileSizeGb', '$.sha256', '$.minimumProvisionedSize', '$.encryption', '$.encryptionKeyCrn', '$.operatingSystemName', '$.userDataFormat', '$.sourceVolume', '$.allowedUse');

UPDATE volumes SET doc = json_remove(
  json_set(doc,
    '$.spec', json_object('capacity', json(doc -> '$.capacity'), 'profileName', json(doc -> '$.profileName'), 'iops', json(doc -> '$.iops')),
    '$.placement', json_object('zone', json(doc -> '$.zone'), 'resourceGroupId', json(doc -> '$.resourceGroupId'), 'userTags', json(doc -> '$.userTags')),
    '$.content', json_object('encryption', json(doc -> '$.encryption'), 'encryptionKeyCrn', json(doc -> '$.encryptionKeyCrn'), 'operatingSystemName', json(doc -> '$.operatingSystemName'), 'sourceImage', json(doc -> '$.sourceImage')),
    '$.state', json_object('status', json(doc -> '$.status'), 'busy', json(doc -> '$.busy'))),
  '$.capacity', '$.profileName', '$.iops', '$.zone', '$.resourceGroupId', '$.userTags', '$.encryption', '$.encryptionKeyCrn', '$.operatingSystemName', '$.sourceImage', '$.status', '$.busy');

UPDATE instances SET doc = json_remove(
  json_set(doc,
    '$.placement', json_object('zone', json(doc -> '$.zone'), 'vpcId', json(doc -> '$.vpcId'), 'vpcName', json(doc -> '$.vpcName'), 'resourceGroupId', json(doc -> '$.resourceGroupId'), 'primaryNetworkInterface', json(doc -> '$.primaryNetworkInterface')),
    '$.state', json_object('status', json(doc -> '$.status'), 'statusReasons', json(doc -> '$.statusReasons'), 'statusChangedAt', json(doc -> '$.statusChangedAt'))),
  '$.zone', '$.vpcId', '$.vpcName', '$.resourceGroupId', '$.primaryNetworkInterface', '$.status', '$.statusReasons', '$.statusChangedAt');

UPDATE subnets SET doc = json_remove(
  json_set(doc,
    '$.network', json_object('vpcId', json(doc -> '$.vpcId'), 'vpcName', json(doc -> '$.vpcName'), 'zone', json(doc -> '$.zone'), 'ipv4CidrBlock', json(doc -> '$.ipv4CidrBlock'))),
  '$.vpcId', '$.vpcName', '$.zone', '$.ipv4CidrBlock');
