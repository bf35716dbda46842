package io.imprint.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** Fires calls at the same moment, one thread each, and returns their results in order. */
final class Races {
  private Races() {}

  static <T> List<T> race(List<Callable<T>> calls) throws Exception {
    try (var pool = Executors.newFixedThreadPool(calls.size())) {
      var go = new CountDownLatch(1);
      var futures =
          calls.stream()
              .map(
                  c ->
                      pool.submit(
                          () -> {
                            go.await();
                            return c.call();
                          }))
              .toList();
      go.countDown();
      var out = new ArrayList<T>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }
}
