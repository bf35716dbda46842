/** Durable jobs: the record and its states. Uses only the JDK. */
package io.imprint.core.domain.job;
