package io.xenia.broker.images;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file formats the broker accepts, each recognised by its signature in the first {@link
 * #HEADER_BYTES} bytes. A signature check is not a validation of the whole file (a bzImage with a
 * good header may still not boot); it catches the common mistakes — the initrd uploaded as the
 * kernel, a qcow2 declared raw, a partition instead of a disk — before a host tries to boot it.
 */
public enum ImageFormat {
  /** A Linux x86 boot-protocol kernel: "HdrS" at 0x202 and the 0xAA55 boot flag at 0x1FE. */
  BZIMAGE("bzimage"),
  GZIP("gzip"),
  /** cpio "newc" or "crc" archive (uncompressed initramfs). */
  CPIO("cpio"),
  ZSTD("zstd"),
  XZ("xz"),
  /** ext2/3/4 superblock magic 0xEF53 at byte 1080. */
  EXT4("ext4"),
  SQUASHFS("squashfs"),
  /** POSIX ustar (or GNU) tar archive: a root file system netns machines unpack. */
  TAR("tar"),
  /** A whole disk: an MBR boot signature 0x55AA at 510, or a GPT header "EFI PART" at 512. */
  RAW("raw"),
  QCOW2("qcow2");

  /** How much of a file the signature checks read. */
  public static final int HEADER_BYTES = 4096;

  private final String wireName;

  ImageFormat(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ImageFormat> fromWireName(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
  }

  /** Whether {@code header} (the file's first bytes, fewer for a small file) has this format. */
  public boolean matches(byte[] header) {
    return switch (this) {
      case BZIMAGE ->
          at(header, 0x202, "HdrS") && u8(header, 0x1FE) == 0x55 && u8(header, 0x1FF) == 0xAA;
      case GZIP -> u8(header, 0) == 0x1F && u8(header, 1) == 0x8B;
      case CPIO -> at(header, 0, "070701") || at(header, 0, "070702");
      case ZSTD ->
          u8(header, 0) == 0x28
              && u8(header, 1) == 0xB5
              && u8(header, 2) == 0x2F
              && u8(header, 3) == 0xFD;
      case XZ -> u8(header, 0) == 0xFD && at(header, 1, "7zXZ");
      case EXT4 -> u8(header, 1080) == 0x53 && u8(header, 1081) == 0xEF;
      case SQUASHFS -> at(header, 0, "hsqs");
      case TAR -> at(header, 257, "ustar");
      case RAW ->
          (u8(header, 510) == 0x55 && u8(header, 511) == 0xAA) || at(header, 512, "EFI PART");
      case QCOW2 ->
          u8(header, 0) == 'Q'
              && u8(header, 1) == 'F'
              && u8(header, 2) == 'I'
              && u8(header, 3) == 0xFB;
    };
  }

  private static int u8(byte[] b, int i) {
    return i < b.length ? b[i] & 0xFF : -1;
  }

  private static boolean at(byte[] b, int offset, String ascii) {
    byte[] want = ascii.getBytes(StandardCharsets.US_ASCII);
    if (offset + want.length > b.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (b[offset + i] != want[i]) {
        return false;
      }
    }
    return true;
  }
}
