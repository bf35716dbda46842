package io.imprint.core.app.job;

import io.imprint.core.domain.job.Job;
import io.imprint.core.port.Tx;

/**
 * Runs one kind of job. {@link #run} must be idempotent: after a crash the job runs again from the
 * start (or from what it recorded), and must end the same way.
 *
 * @param <P> the kind's payload record
 */
public interface JobHandler<P> {
  JobKind<P> kind();

  /** Does the work; throwing fails the job with the exception's message. */
  void run(Job job, P payload, Progress progress) throws Exception;

  /**
   * The job has failed for good (or was abandoned after too many attempts): leave the resource
   * failed and clean up. {@code payload} is null when the stored payload could not be read.
   */
  void failed(Job job, P payload, String reason);

  /**
   * As {@link #failed(Job, Object, String)}, when the failure is the exception {@code cause} that
   * {@link #run} threw, for a handler whose reasons differ by cause.
   */
  default void failed(Job job, P payload, String reason, Exception cause) {
    failed(job, payload, reason);
  }

  /** What a running job reports; reporting also tells whether the job is still this worker's. */
  interface Progress {
    /**
     * Records progress; throws {@link JobLostException} when the job was cancelled or taken away.
     */
    void report(long bytesDone, long bytesTotal);

    /**
     * Ends the job {@code succeeded} inside {@code tx}, the handler's last transaction, so that the
     * job's end and the result it produced commit together. Throws {@link JobLostException}
     * (rolling {@code tx} back) when the job is no longer this worker's. A handler that does not
     * call this is finished by the engine after {@code run}.
     */
    void succeedIn(Tx tx);
  }

  /**
   * The job is no longer this worker's: it was cancelled, or its lease expired and it was queued
   * again.
   */
  final class JobLostException extends RuntimeException {
    public JobLostException(String message) {
      super(message);
    }
  }
}
