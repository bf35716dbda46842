package io.imprint.core.app.image;

import io.imprint.core.app.content.Qcow2Chunks;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.Protection;
import io.imprint.core.app.disk.qcow2.Qcow2Exception;
import io.imprint.core.app.disk.qcow2.Qcow2KeyException;
import io.imprint.core.app.disk.qcow2.Qcow2Reader;
import io.imprint.core.app.image.EncryptedImports.DataKeyInvalid;
import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.volume.VolumeRules;
import io.imprint.core.port.Store;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Imports an image from a qcow2 or raw file ({@code ImagePrototypeImageByFile}). The image is
 * {@code pending} with {@code image_request_queued}, then {@code image_request_in_progress} while
 * its content is written, then {@code available} with its size and checksum; a broken file leaves
 * it {@code failed} with {@code image_data_corrupted} and no blobs. An image with a root key is
 * stored under it; a LUKS-encrypted qcow2 is decrypted with the passphrase {@code
 * encrypted_data_key} wraps, and fails with {@code encrypted_data_key_invalid} when that does not
 * fit the file ({@link EncryptedImports}). Re-running after a crash starts the content over.
 */
public final class ImageImportJob implements JobHandler<ImportPayload> {
  private static final byte[] LUKS_MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};

  public static final JobKind<ImportPayload> KIND =
      new JobKind<>("image.import", ImportPayload.CODEC, true);

  private final Store store;
  private final DiskService disks;
  private final ImageCreation creation;
  private final ImportFiles files;
  private final ImageWrites writes;

  ImageImportJob(
      Store store,
      DiskService disks,
      ImageCreation creation,
      ImportFiles files,
      ImageWrites writes) {
    this.store = store;
    this.disks = disks;
    this.creation = creation;
    this.files = files;
    this.writes = writes;
  }

  @Override
  public JobKind<ImportPayload> kind() {
    return KIND;
  }

  @Override
  public void run(Job job, ImportPayload payload, Progress progress) throws Exception {
    var found = creation.started(job.resourceId());
    if (found.isEmpty()) {
      return;
    }
    var image = found.get();
    var passphrase = EncryptedImports.passphrase(store, disks, image, payload);
    var protection = writes.protection(image);
    try (var channel = files.open(payload)) {
      var head = new byte[LUKS_MAGIC.length];
      channel.read(ByteBuffer.wrap(head), 0);
      if (Qcow2Reader.hasMagic(head)) {
        try (var reader = openQcow2(channel, passphrase)) {
          requireBootable(reader.virtualSize());
          var disk = ensureDisk(image.id(), reader.virtualSize(), protection);
          progress.report(0, reader.virtualSize());
          disks.writeChunks(
              disk.id(),
              sink ->
                  Qcow2Chunks.copyClusters(
                      reader,
                      (index, data) -> {
                        sink.accept(index, data);
                        progress.report(
                            Math.min(reader.virtualSize(), (index + 1) * Disk.CHUNK_SIZE),
                            reader.virtualSize());
                      }));
          creation.contentReady(image.id(), gb(reader.virtualSize()), null, progress::succeedIn);
        }
      } else {
        if (Arrays.equals(head, LUKS_MAGIC)) {
          throw new IOException(
              "the file is a raw LUKS volume; only a qcow2 with LUKS encryption is imported:"
                  + " convert it with qemu-img convert -O qcow2 -o"
                  + " encrypt.format=luks,encrypt.key-secret=...");
        }
        if (passphrase != null) {
          throw new DataKeyInvalid(
              "encrypted_data_key was given, but the file is not a qcow2 (it is read as raw), so"
                  + " not a LUKS-encrypted qcow2.");
        }
        long size = channel.size();
        if (size == 0) {
          throw new IOException("the file is empty");
        }
        requireBootable(size);
        var disk = ensureDisk(image.id(), size, protection);
        progress.report(0, size);
        try (InputStream in = Channels.newInputStream(channel.position(0))) {
          disks.write(
              disk.id(), 0, size, new CountingInput(in, n -> progress.report(n, size)), true);
        }
        creation.contentReady(image.id(), gb(size), null, progress::succeedIn);
      }
    } catch (Qcow2Exception e) {
      throw new IOException("the qcow2 file is damaged or unsupported: " + e.getMessage(), e);
    }
  }

  /**
   * The qcow2 reader, decrypting with {@code passphrase} when the file is LUKS-encrypted; every
   * mismatch between the file and {@code encrypted_data_key} is {@link DataKeyInvalid}.
   */
  private static Qcow2Reader openQcow2(FileChannel channel, byte[] passphrase)
      throws IOException, Qcow2Exception, DataKeyInvalid {
    Qcow2Reader reader;
    try {
      reader = Qcow2Reader.open(channel, passphrase);
    } catch (Qcow2KeyException e) {
      throw new DataKeyInvalid(
          passphrase == null
              ? "the file is a LUKS-encrypted qcow2; import it with encryption_key and"
                  + " encrypted_data_key (its passphrase wrapped by that root key)."
              : "encrypted_data_key does not decrypt the file: " + e.getMessage() + ".");
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, (byte) 0);
      }
    }
    if (passphrase != null && !reader.encrypted()) {
      reader.close();
      throw new DataKeyInvalid(
          "encrypted_data_key was given, but the qcow2 file is not encrypted; leave"
              + " encrypted_data_key out to import it as it is.");
    }
    return reader;
  }

  @Override
  public void failed(Job job, ImportPayload payload, String reason) {
    creation.failed(
        job.resourceId(),
        List.of(
            new StatusReason(
                "image_data_corrupted", "The image file could not be imported: " + reason)),
        null);
  }

  @Override
  public void failed(Job job, ImportPayload payload, String reason, Exception cause) {
    if (cause instanceof DataKeyInvalid) {
      creation.failed(
          job.resourceId(),
          List.of(
              new StatusReason(
                  DataKeyInvalid.CODE, "The image file could not be decrypted: " + reason)),
          null);
    } else if (cause instanceof TooLargeToBoot) {
      creation.failed(
          job.resourceId(),
          List.of(new StatusReason("image_provisioned_size_unsupported", reason)),
          null);
    } else {
      failed(job, payload, reason);
    }
  }

  /**
   * The image's disk fits the largest boot volume there is, or the import fails before a byte is
   * written (a qcow2 header may claim 2 EiB: its size in GB does not even fit an int).
   */
  private static void requireBootable(long virtualSize) throws TooLargeToBoot {
    long largest = (long) VolumeRules.BOOT_LARGEST_GB * Disk.GB;
    if (virtualSize > largest) {
      throw new TooLargeToBoot(
          "The image needs a boot volume of "
              + Long.toUnsignedString(Long.divideUnsigned(virtualSize - 1, Disk.GB) + 1)
              + " GB (its virtual size is "
              + Long.toUnsignedString(virtualSize)
              + " bytes); the largest boot volume is "
              + VolumeRules.BOOT_LARGEST_GB
              + " GB.");
    }
  }

  /** An image larger than any boot volume. */
  static final class TooLargeToBoot extends Exception {
    TooLargeToBoot(String message) {
      super(message);
    }
  }

  private Disk ensureDisk(String imageId, long virtualSize, Protection protection) {
    long capacity = gb(virtualSize) * Disk.GB;
    return store.write(
        tx -> {
          var existing = tx.disks().getDisk(imageId);
          if (existing.isPresent()) {
            disks.resize(tx, imageId, Math.max(capacity, existing.get().capacityBytes()));
            return tx.disks().getDisk(imageId).orElseThrow();
          }
          return disks.createDisk(tx, imageId, capacity, protection);
        });
  }

  /** Whole GB, rounded up; the size is a bootable one ({@link #requireBootable}), so it fits. */
  static int gb(long bytes) {
    return Math.toIntExact(Math.max(1, (bytes + Disk.GB - 1) / Disk.GB));
  }

  /** Reports how many bytes went through, every 4 MiB. */
  private static final class CountingInput extends FilterInputStream {
    private final LongConsumer report;
    private long count;
    private long reported;

    CountingInput(InputStream in, LongConsumer report) {
      super(in);
      this.report = report;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count - reported >= Disk.CHUNK_SIZE) {
          reported = count;
          report.accept(count);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }
  }
}
