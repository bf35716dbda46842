/** Durable jobs: the record, its states and their transition table. Uses only the JDK. */
package io.imprint.core.domain.job;
