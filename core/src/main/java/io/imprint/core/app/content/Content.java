package io.imprint.core.app.content;

import java.io.IOException;
import java.io.OutputStream;

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

  public void writeTo(OutputStream out) throws IOException {
    writer.writeTo(out);
  }
}
