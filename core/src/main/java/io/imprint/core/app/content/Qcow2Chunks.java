package io.imprint.core.app.content;

import io.imprint.core.app.disk.ChunkSink;
import io.imprint.core.app.disk.qcow2.Qcow2Exception;
import io.imprint.core.app.disk.qcow2.Qcow2Reader;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.disk.Disk;
import java.io.IOException;
import java.util.Arrays;

/** A qcow2's content as the disks take it: whole chunks, for uploads and imports. */
public final class Qcow2Chunks {
  private Qcow2Chunks() {}

  /** Gathers a qcow2's clusters (ascending, each within one chunk) into whole chunks. */
  public static void copyClusters(Qcow2Reader reader, ChunkSink sink) throws IOException {
    var buffer = new byte[Disk.CHUNK_SIZE];
    long[] current = {-1};
    try {
      reader.forEachCluster(
          (guestOffset, data) -> {
            long index = guestOffset / Disk.CHUNK_SIZE;
            if (index != current[0]) {
              if (current[0] >= 0) {
                sink.accept(current[0], buffer);
              }
              Arrays.fill(buffer, (byte) 0);
              current[0] = index;
            }
            System.arraycopy(data, 0, buffer, (int) (guestOffset % Disk.CHUNK_SIZE), data.length);
          });
    } catch (Qcow2Exception e) {
      throw new IOException(
          new ApiException(
              ErrorCode.INVALID_CONTENT, "The qcow2 file cannot be used: " + e.getMessage()));
    }
    if (current[0] >= 0) {
      sink.accept(current[0], buffer);
    }
  }
}
