-- One index holding every filterable image column, so total_count of a filtered list can be an index-only count.
CREATE INDEX images_filters ON images (status, visibility, owner_account_id, resource_group_id, user_data_format);
