/**
 * The application layer: services (one concern each), job kinds, the job engine and its recurring
 * tasks. May use {@code domain} and {@code port}; never HTTP, SQL or JSON.
 */
package io.imprint.core.app;
