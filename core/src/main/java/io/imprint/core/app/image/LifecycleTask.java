package io.imprint.core.app.image;

import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.job.Schedule;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image lifecycle as a recurring task of the job engine: applies {@code deprecation_at} and
 * {@code obsolescence_at} when they come, and gives the advance warnings (by default 7 days and 1
 * day before each date). It runs at the next due moment, or after {@code backstop} at the latest
 * (dates written without a wake-up: by an older node, straight into the store); it is woken at once
 * when dates change, and when the virtual clock moves ({@link JobRunner#clockMoved}). Registering
 * it runs it, which applies whatever fell due while the server was down. The engine runs it on one
 * node per due moment, and each change is a compare-and-set through {@link
 * io.imprint.core.domain.image.ImageLifecycle} besides, so it happens exactly once.
 */
public final class LifecycleTask {
  public static final String NAME = "image.lifecycle";
  private static final Logger log = LoggerFactory.getLogger(LifecycleTask.class);

  private LifecycleTask() {}

  public static void register(
      JobRunner jobs, ImageLifecycleService images, Duration backstop, List<Duration> leads) {
    var warningLeads = List.copyOf(leads);
    jobs.recurring(
        NAME,
        Schedule.nextDue(now -> images.nextLifecycleDue(warningLeads), backstop),
        () -> {
          int changed = images.applyDueLifecycle();
          images.giveLifecycleWarnings(warningLeads);
          if (changed > 0) {
            log.info("lifecycle: {} image(s) changed as scheduled", changed);
          }
        });
    images.onLifecycleChange(() -> jobs.wake(NAME));
  }
}
