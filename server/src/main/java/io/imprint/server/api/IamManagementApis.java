package io.imprint.server.api;

/** IAM's management APIs: IAM Identity's service IDs and API keys, Access Groups, and users. */
public record IamManagementApis(
    ServiceIdsApi serviceIds, ApiKeysApi apiKeys, AccessGroupsApi accessGroups, UsersApi users) {}
