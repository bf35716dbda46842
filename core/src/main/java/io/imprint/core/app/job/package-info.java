/**
 * The one durable job engine: one-time jobs and recurring tasks as rows due at a time, workers
 * claiming them with compare-and-set, leases renewed by heartbeats, the reaper, typed payloads and
 * their codecs, schedules, and the test hook that runs due work at once. Uses {@code domain},
 * {@code port} and {@code app.common}.
 */
package io.imprint.core.app.job;
