/**
 * The data plane: chunked copy-on-write disks sealed with AES-256-GCM, written and read in parallel
 * within a memory budget. Uses {@code domain}, {@code port} and {@code app.common}.
 */
package io.imprint.core.app.disk;
