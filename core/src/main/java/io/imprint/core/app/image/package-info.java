/**
 * Image services: creating, reading and deleting images, capture from a boot volume and import from
 * a file (as jobs), the lifecycle (API actions, PATCH of dates, the scheduler, advance warnings)
 * and the stock catalog. Uses {@code domain}, {@code port} and the {@code app} packages of disks,
 * content, jobs and resource groups.
 */
package io.imprint.core.app.image;
