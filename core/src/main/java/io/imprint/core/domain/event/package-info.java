/**
 * Activity Tracker events: what changed, who did it, with what outcome. Uses {@code domain.common}.
 */
package io.imprint.core.domain.event;
