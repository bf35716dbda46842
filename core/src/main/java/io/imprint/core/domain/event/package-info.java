/**
 * Activity Tracker events: what changed (the action and its target), who did it, with what outcome,
 * severity and message, shaped after IBM's CADF fields; what services report ({@code Change}) and
 * what the HTTP layer reports about refused requests ({@code Refusal}). Pure: the event's time and
 * id are passed in. Uses {@code domain.common} and the resource records it builds targets from.
 */
package io.imprint.core.domain.event;
