/**
 * Activity Tracker events at work: the recorder that services report their changes to (the event is
 * written in the change's own transaction), refused requests recorded on their own, the event list,
 * and the dispatcher that delivers committed events to the sinks at least once and purges what the
 * retention lets go. Uses {@code domain}, {@code port} and {@code app.common}.
 */
package io.imprint.core.app.event;
