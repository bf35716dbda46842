package io.imprint.core.app.job;

import io.imprint.core.app.common.Deployment;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * The engine's two times. Due times follow the deployment's clock, so that moving a virtual clock
 * forward makes lifecycle dates and power steps come; leases and heartbeats follow real time, so
 * that the same move does not make every running job look abandoned.
 */
record Clocks(Deployment deployment, InstantSource leaseClock) {
  /** Now for due times: the deployment's clock. */
  Instant due() {
    return deployment.now();
  }

  /** Now for leases, heartbeats and a job's bookkeeping: real time. */
  Instant lease() {
    return leaseClock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
