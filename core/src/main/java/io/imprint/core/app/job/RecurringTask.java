package io.imprint.core.app.job;

/**
 * A task the engine runs again and again: one durable row, claimed like any job so that one node
 * runs each due moment, then rescheduled by {@link Schedule} with a compare-and-set.
 */
record RecurringTask(String name, Schedule schedule, Runnable task) {
  /** The resource id of every recurring task's row: the task's name is its kind. */
  static final String RESOURCE = "recurring";
}
