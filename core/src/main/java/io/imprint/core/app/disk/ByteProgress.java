package io.imprint.core.app.disk;

/** Bytes done of bytes in all, reported as a long operation goes. */
@FunctionalInterface
public interface ByteProgress {
  void report(long done, long total);
}
