/**
 * Instances: the record, the power state machine ({@link
 * io.imprint.core.domain.instance.InstanceLifecycle}), requests and filters. Uses {@code
 * domain.common}.
 */
package io.imprint.core.domain.instance;
