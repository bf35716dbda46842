/**
 * Volumes and attachments: records, statuses, the capacity and profile rules, requests and filters.
 * Uses {@code domain.common} and {@code domain.catalog}.
 */
package io.imprint.core.domain.volume;
