package io.imprint.core.app.disk;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chunk buffers of one write, each taken with a write permit of the service-wide {@link
 * BufferBudget} and given back with it. Counts the permits it holds, so that a failed write returns
 * even those of buffers it dropped.
 */
final class ChunkBuffers {
  private final BufferBudget budget;

  /** Permits taken and not yet given back. */
  private final AtomicInteger held = new AtomicInteger();

  ChunkBuffers(BufferBudget budget) {
    this.budget = budget;
  }

  /**
   * A buffer, its content undefined; when no permit is free, runs {@code beforeWaiting} and waits
   * for one, within the budget's wait (else a 503).
   */
  byte[] take(Runnable beforeWaiting) {
    if (!budget.writes.tryAcquire()) {
      beforeWaiting.run();
      budget.acquire(budget.writes);
    }
    held.incrementAndGet();
    return budget.array();
  }

  void release(byte[] buffer) {
    budget.recycle(buffer);
    held.decrementAndGet();
    budget.writes.release();
  }

  /** Gives back every permit still held, whatever became of its buffer. */
  void releaseHeld() {
    budget.writes.release(held.getAndSet(0));
  }
}
