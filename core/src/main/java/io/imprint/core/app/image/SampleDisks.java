package io.imprint.core.app.image;

import io.imprint.core.domain.catalog.OperatingSystem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The content of the stock images: small, deterministic sample disks, not real operating systems
 * (operators import real ones). Each holds an MBR partition table with one Linux partition at 1
 * MiB, and in it a file-system-like region: a header, an {@code /etc/os-release} text naming the
 * operating system, and 256 KiB of pseudo-random data seeded by the OS name, so that every stock
 * image has its own checksum. It all fits one chunk, so a first start writes the whole catalog in a
 * fraction of a second.
 */
public final class SampleDisks {
  public static final long PARTITION_OFFSET = 1 << 20;
  private static final int PAYLOAD = 256 << 10;

  private SampleDisks() {}

  public static byte[] content(OperatingSystem os, long capacityBytes) {
    var header =
        ("IMPRINT-SAMPLE-FS 1\n"
                + "This is an Imprint sample disk, not a bootable operating system.\n"
                + "file /etc/os-release\n"
                + osRelease(os)
                + "end\n")
            .getBytes(StandardCharsets.UTF_8);
    var disk = new byte[(int) PARTITION_OFFSET + 4096 + PAYLOAD];
    var mbr = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
    var banner = "IMPRINT SAMPLE DISK".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(banner, 0, disk, 3, banner.length);
    long sectors = Math.min(0xFFFFFFFFL, capacityBytes / 512 - PARTITION_OFFSET / 512);
    mbr.put(446, (byte) 0x80); // bootable
    mbr.put(446 + 4, (byte) 0x83); // Linux
    mbr.putInt(446 + 8, (int) (PARTITION_OFFSET / 512));
    mbr.putInt(446 + 12, (int) sectors);
    mbr.put(510, (byte) 0x55);
    mbr.put(511, (byte) 0xAA);
    System.arraycopy(header, 0, disk, (int) PARTITION_OFFSET, Math.min(header.length, 4096));
    var random = new SplittableRandom(os.name().hashCode());
    for (int i = (int) PARTITION_OFFSET + 4096; i < disk.length; i += 8) {
      long v = random.nextLong();
      for (int b = 0; b < 8 && i + b < disk.length; b++) {
        disk[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return disk;
  }

  static String osRelease(OperatingSystem os) {
    return "NAME=\""
        + os.family()
        + "\"\n"
        + "VERSION=\""
        + os.version()
        + "\"\n"
        + "ID="
        + os.name().split("-")[0]
        + "\n"
        + "PRETTY_NAME=\""
        + os.displayName()
        + "\"\n"
        + "VENDOR=\""
        + os.vendor()
        + "\"\n"
        + "ARCHITECTURE="
        + os.architecture()
        + "\n"
        + "IMPRINT_SAMPLE=1\n";
  }
}
