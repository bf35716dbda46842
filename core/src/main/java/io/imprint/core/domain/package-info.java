/**
 * The domain layer: records, statuses, transition tables and rules, one package per feature. Pure:
 * no I/O, no ports, no application code, no clock reads except an instant passed in. May use only
 * the JDK and other {@code domain} packages.
 */
package io.imprint.core.domain;
