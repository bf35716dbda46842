package io.imprint.core.app.disk;

import java.io.IOException;

/** Takes the chunk at {@code index} from a {@link ChunkProducer}. */
@FunctionalInterface
public interface ChunkSink {
  void accept(long index, byte[] data) throws IOException;
}
