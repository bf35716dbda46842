package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The image file as untrusted input: its size is read once, every offset it gives is checked
 * against that size before it is read, and a read that meets the end of the file is a truncated
 * image, never a short buffer.
 */
final class Qcow2File {
  private final FileChannel channel;
  private final long size;

  Qcow2File(FileChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
  }

  long size() {
    return size;
  }

  /** Fills {@code buffer} from {@code position}; {@code what} names it in the error. */
  void read(ByteBuffer buffer, long position, String what) throws Qcow2Exception, IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        // the file shrank under us after its size was read
        throw new Qcow2Exception(
            "qcow2 image is truncated: the "
                + what
                + " at "
                + position
                + " ends past the end of the file ("
                + size
                + " bytes when opened)");
      }
      at += n;
    }
  }

  void requireInFile(long offset, long length, String what) throws Qcow2Exception {
    if (offset > size - length) {
      throw truncated(what);
    }
  }

  static Qcow2Exception truncated(String what) {
    return new Qcow2Exception(
        "qcow2 image is truncated: " + what + " lies past the end of the file");
  }
}
