/**
 * Disk content in and out of volumes and images: raw and qcow2 uploads, ranged reads, qcow2 export.
 * Uses {@code domain}, {@code port} and {@code app.disk}.
 */
package io.imprint.core.app.content;
