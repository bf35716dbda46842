package io.imprint.core.app.content;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.qcow2.Qcow2Encryption;
import io.imprint.core.app.disk.qcow2.Qcow2Writer;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * Content ready to stream: {@code length} bytes starting at {@code offset} of a whole of {@code
 * total} bytes (a range, or everything), and how to write them. Nothing is read until {@link
 * #writeTo} runs. {@code encryptedDataKey}: for a LUKS-encrypted qcow2, its passphrase wrapped by
 * the image's root key (base64), else null.
 */
public record Content(
    long offset, long length, long total, boolean partial, Writer writer, String encryptedDataKey) {
  public Content(long offset, long length, long total, boolean partial, Writer writer) {
    this(offset, length, total, partial, writer, null);
  }

  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * The whole of {@code disk}, whose present chunks are {@code chunks}, as a qcow2 stream:
   * LUKS-encrypted under {@code encryption} (with {@code encryptedDataKey}, its passphrase wrapped)
   * unless that is null.
   */
  static Content qcow2(
      DiskService disks,
      Disk disk,
      List<ChunkRef> chunks,
      Qcow2Encryption encryption,
      String encryptedDataKey) {
    var indexes = new TreeSet<Long>();
    var refs = new HashMap<Long, ChunkRef>();
    chunks.forEach(
        c -> {
          indexes.add(c.index());
          refs.put(c.index(), c);
        });
    long size =
        Qcow2Writer.size(disk.capacityBytes(), Disk.CHUNK_SIZE, indexes, encryption != null);
    return new Content(
        0,
        size,
        size,
        false,
        out ->
            Qcow2Writer.write(
                out,
                disk.capacityBytes(),
                Disk.CHUNK_SIZE,
                indexes,
                i -> disks.openChunk(refs.get(i)),
                encryption),
        encryptedDataKey);
  }

  public void writeTo(OutputStream out) throws IOException {
    writer.writeTo(out);
  }
}
