package io.imprint.core.app.content;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.qcow2.Qcow2Exception;
import io.imprint.core.app.disk.qcow2.Qcow2Reader;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.domain.image.ImageEncryption;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.port.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Volume and image content through the extension endpoints: raw or qcow2 in, raw (with ranges) or
 * qcow2 out. The rules of the API live here; the bytes move in {@link DiskService}.
 */
public final class ContentService {
  public enum Format {
    RAW,
    QCOW2
  }

  /** Images whose content exists and may be read. */
  private static final Set<ImageStatus> READABLE =
      Set.of(
          ImageStatus.AVAILABLE,
          ImageStatus.DEPRECATED,
          ImageStatus.OBSOLETE,
          ImageStatus.PARTIALLY_AVAILABLE,
          ImageStatus.UNUSABLE);

  private final Store store;
  private final DiskService disks;
  private final Path spoolDir;
  private final EncryptedExports exports;

  public ContentService(Store store, DiskService disks, Path spoolDir) {
    this.store = store;
    this.disks = disks;
    this.spoolDir = spoolDir;
    this.exports = new EncryptedExports(store, disks);
  }

  /**
   * Writes content into a volume: with {@code offset}, {@code length} raw bytes at that offset (a
   * multiple of 512); without, the whole volume becomes the body, raw or qcow2 (told apart by the
   * qcow2 magic).
   */
  public long putVolumeContent(String volumeId, Long offset, long length, InputStream body)
      throws IOException {
    var disk = requireWritableVolume(volumeId);
    if (length < 0) {
      throw new ApiException(
          ErrorCode.MISSING_CONTENT_LENGTH,
          "Send the content with a Content-Length header.",
          Target.header("Content-Length", null));
    }
    if (offset != null) {
      if (offset < 0 || offset % 512 != 0) {
        throw new ApiException(
            ErrorCode.INVALID_VALUE,
            "offset must be a non-negative multiple of 512.",
            Target.parameter("offset", offset.toString()));
      }
      // offset + length could overflow a long and pass as negative: compare without adding
      if (offset > disk.capacityBytes() - length) {
        throw new ApiException(
            ErrorCode.CONTENT_TOO_LARGE,
            "The content (offset %d + Content-Length %d) ends past the volume's capacity of %d bytes."
                .formatted(offset, length, disk.capacityBytes()),
            Target.parameter("offset", offset.toString()));
      }
      return disks.write(volumeId, offset, length, body, false);
    }
    var in = new BufferedInputStream(body, 64 << 10);
    in.mark(8);
    var magic = in.readNBytes(4);
    in.reset();
    if (Qcow2Reader.hasMagic(magic)) {
      return putQcow2(volumeId, disk, length, in);
    }
    requireFits(length, disk.capacityBytes(), "Content-Length");
    return disks.write(volumeId, 0, length, in, true);
  }

  public Content getVolumeContent(String volumeId, Format format, String range) {
    var disk =
        store
            .read(
                tx -> {
                  var volume =
                      tx.volumes()
                          .get(volumeId)
                          .orElseThrow(() -> ApiException.notFound("Volume", volumeId));
                  VolumeTransitions.requireKeyUsable(volume, "be read");
                  return tx.disks().getDisk(volumeId);
                })
            .orElseThrow(() -> ApiException.notFound("Volume content", volumeId));
    return content(disk, format, range, ErrorCode.VOLUME_DATA_CORRUPTED);
  }

  private volatile Runnable awaitStockContent = () -> {};

  /**
   * Set at start: reading a stock image's content waits until the stock sample disks are written.
   */
  public void awaitStockContentWith(Runnable gate) {
    this.awaitStockContent = gate;
  }

  /**
   * An image's content; an image under a customer root key only as a LUKS-encrypted qcow2 with its
   * passphrase wrapped by that key ({@link EncryptedExports}).
   */
  public Content getImageContent(String imageId, Format format, String range) {
    awaitStockContent.run();
    String[] keyCrn = {null};
    var disk =
        store
            .read(
                tx -> {
                  var image =
                      tx.images()
                          .get(imageId)
                          .orElseThrow(() -> ApiException.notFound("Image", imageId));
                  ImageEncryption.requireKeyUsable(image, "be read");
                  if (!READABLE.contains(image.status())) {
                    throw ApiException.conflict(
                        ErrorCode.INVALID_STATE,
                        "Image "
                            + image.name()
                            + " is "
                            + image.status().wire()
                            + " and has no content to read yet.");
                  }
                  EncryptedExports.requireEncryptedFormat(image, format == Format.QCOW2);
                  keyCrn[0] = image.encryptionKeyCrn();
                  return tx.disks().getDisk(imageId);
                })
            .orElseThrow(() -> ApiException.notFound("Image content", imageId));
    if (keyCrn[0] != null) {
      return exports.qcow2(disk, keyCrn[0], this::checkFirstChunk);
    }
    return content(disk, format, range, ErrorCode.IMAGE_DATA_CORRUPTED);
  }

  /**
   * The chunks of {@code disk}, once the read buffer has room and the first chunk opens: a
   * saturated server refuses now, with 503, rather than stall an answer it has begun, and the
   * common case of damage is a clean error, not a cut stream.
   */
  private List<ChunkRef> checkFirstChunk(Disk disk, ErrorCode corrupted) {
    disks.awaitReadBuffer();
    var chunks = disks.chunks(disk.id());
    if (!chunks.isEmpty()) {
      try {
        disks.openChunk(chunks.getFirst());
      } catch (DiskCorruptedException e) {
        throw new ApiException(corrupted, "The stored content is damaged: " + e.getMessage());
      }
    }
    return chunks;
  }

  private Content content(Disk disk, Format format, String rangeHeader, ErrorCode corrupted) {
    var chunks = checkFirstChunk(disk, corrupted);
    if (format == Format.QCOW2) {
      return Content.qcow2(disks, disk, chunks, null, null);
    }
    var range = ByteRange.resolve(rangeHeader, disk.capacityBytes());
    long first = range == null ? 0 : range.first();
    long length = range == null ? disk.capacityBytes() : range.length();
    return new Content(
        first,
        length,
        disk.capacityBytes(),
        range != null,
        out -> disks.read(disk.id(), first, length, out));
  }

  private long putQcow2(String volumeId, Disk disk, long length, InputStream in)
      throws IOException {
    Files.createDirectories(spoolDir);
    var spool = Files.createTempFile(spoolDir, "upload-", ".qcow2");
    try {
      // qcow2 needs random access, so the upload is spooled first; it can't be larger than its data
      // plus tables
      long limit = disk.capacityBytes() + disk.capacityBytes() / 64 + (64L << 20);
      requireFits(length, limit, "Content-Length");
      try (var out = Files.newOutputStream(spool)) {
        long copied = in.transferTo(out);
        if (copied != length) {
          throw new IOException("the upload ended after " + copied + " of " + length + " bytes");
        }
      }
      try (var channel = FileChannel.open(spool, StandardOpenOption.READ);
          var reader = Qcow2Reader.open(channel)) {
        requireFits(reader.virtualSize(), disk.capacityBytes(), "qcow2 virtual size");
        disks.writeChunks(volumeId, sink -> Qcow2Chunks.copyClusters(reader, sink));
        return reader.virtualSize();
      } catch (Qcow2Exception e) {
        throw new ApiException(
            ErrorCode.INVALID_CONTENT, "The qcow2 file cannot be used: " + e.getMessage());
      }
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private Disk requireWritableVolume(String volumeId) {
    return store.read(
        tx -> {
          var volume =
              tx.volumes()
                  .get(volumeId)
                  .orElseThrow(() -> ApiException.notFound("Volume", volumeId));
          VolumeTransitions.requireKeyUsable(volume, "be written");
          if (volume.busy()) {
            throw ApiException.conflict(
                ErrorCode.INVALID_STATE,
                "Volume " + volume.name() + " is busy; try again when it is not.");
          }
          var attachment = tx.volumeAttachments().findByVolume(volumeId);
          if (attachment.isPresent()) {
            var instance = tx.instances().get(attachment.get().instanceId()).orElseThrow();
            if (instance.status() != InstanceStatus.STOPPED) {
              throw ApiException.conflict(
                  ErrorCode.INVALID_STATE,
                  "Volume "
                      + volume.name()
                      + " is attached to instance "
                      + instance.name()
                      + ", which is "
                      + instance.status().wire()
                      + "; stop the instance before writing the volume's content.");
            }
          }
          return tx.disks()
              .getDisk(volumeId)
              .orElseThrow(() -> ApiException.notFound("Volume content", volumeId));
        });
  }

  private static void requireFits(long size, long capacity, String what) {
    if (size > capacity) {
      throw new ApiException(
          ErrorCode.CONTENT_TOO_LARGE,
          "The content ("
              + what
              + " = "
              + size
              + " bytes) is larger than the volume's capacity of "
              + capacity
              + " bytes.");
    }
  }
}
