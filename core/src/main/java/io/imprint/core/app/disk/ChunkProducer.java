package io.imprint.core.app.disk;

import java.io.IOException;

/**
 * A source of whole chunks, each buffer {@link io.imprint.core.domain.disk.Disk#CHUNK_SIZE} long
 * (zero-padded past the disk's end), handed to a {@link ChunkSink}.
 */
@FunctionalInterface
public interface ChunkProducer {
  void produce(ChunkSink sink) throws IOException;
}
