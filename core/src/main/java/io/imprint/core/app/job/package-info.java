/**
 * The one durable job engine: workers claiming with compare-and-set, leases, heartbeats and the
 * reaper. Uses {@code domain}, {@code port} and {@code app.common}.
 */
package io.imprint.core.app.job;
