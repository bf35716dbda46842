package io.imprint.server.events;

import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.port.EventSink;
import io.imprint.server.wire.EventJson;
import io.imprint.store.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Events as JSON lines in a file ({@code events.jsonl}), one event per line. A batch is written and
 * forced to the disk before {@link #deliver} returns, so the dispatcher moves its cursor only past
 * stored lines. When the next line would take the file past {@code maxBytes}, the file is rotated:
 * {@code events.jsonl} becomes {@code events.jsonl.1}, {@code .1} becomes {@code .2}, and so on up
 * to {@code keep} old files, the oldest dropped. A line cut short by a crash is cut off when the
 * file is opened again: its event was not counted as delivered, so it comes again whole.
 */
public final class JsonLinesFileSink implements EventSink {
  private final Path file;
  private final long maxBytes;
  private final int keep;
  private FileChannel channel;
  private long size;

  public JsonLinesFileSink(Path file, long maxBytes, int keep) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public synchronized void deliver(List<ActivityEvent> events) throws IOException {
    try {
      open();
      var pending = new ByteArrayOutputStream();
      for (var event : events) {
        var line = (EventJson.line(event) + "\n").getBytes(StandardCharsets.UTF_8);
        if (size + pending.size() > 0 && size + pending.size() + line.length > maxBytes) {
          write(pending);
          rotate();
          open();
        }
        pending.write(line);
      }
      write(pending);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Closes the file; the next delivery opens it again. */
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was pending: every delivery forced its lines
      }
      channel = null;
    }
  }

  private void open() throws IOException {
    if (channel != null) {
      return;
    }
    PrivateFiles.directory(file.toAbsolutePath().getParent());
    channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            PrivateFiles.newFile(file.toAbsolutePath().getParent()));
    size = completeLines(channel);
    channel.truncate(size);
    channel.position(size);
  }

  private void write(ByteArrayOutputStream pending) throws IOException {
    if (pending.size() == 0) {
      return;
    }
    var buffer = ByteBuffer.wrap(pending.toByteArray());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
    size += pending.size();
    pending.reset();
  }

  private void rotate() throws IOException {
    close();
    if (keep == 0) {
      Files.deleteIfExists(file);
      return;
    }
    for (int i = keep - 1; i >= 1; i--) {
      var older = rotated(i);
      if (Files.exists(older)) {
        Files.move(older, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  /** The length of the file up to and with its last line break: what a crash left whole. */
  private static long completeLines(FileChannel channel) throws IOException {
    long end = channel.size();
    var buffer = ByteBuffer.allocate(64 << 10);
    while (end > 0) {
      long start = Math.max(0, end - buffer.capacity());
      buffer.clear().limit((int) (end - start));
      channel.read(buffer, start);
      for (int i = buffer.position() - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
