package io.imprint.core.app.disk;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure on a worker thread becomes for the caller that waits for it: the original
 * exception, unwrapped from the futures' wrappers, so that a read or write fails with the same
 * {@link IOException} or unchecked exception whether or not its work ran on another thread.
 */
final class Futures {
  private Futures() {}

  static void await(CompletableFuture<?> future) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing chunks", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Returns the cause if it is an {@link IOException} for the caller to throw, else throws it. */
  static IOException rethrow(Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    switch (cause) {
      case IOException e -> {
        return e;
      }
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(cause);
    }
  }
}
