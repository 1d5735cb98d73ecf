package io.xenia.cli.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One file of an image as it is on this machine: its size and SHA-256 (declared to the broker) and
 * its format, recognised by the same signatures the broker checks (docs/images.md), so a wrong file
 * is refused before any byte is sent.
 *
 * @param name the part's name: kernel, initrd, rootfs or disk
 */
public record LocalPart(String name, Path file, long sizeBytes, String sha256, String format) {

  /** Reads {@code file} once to hash it; the format from {@code declared} or its first 4 KiB. */
  public static LocalPart of(String name, Path file, String declared) throws IOException {
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String format = declared != null ? declared : detect(name, head, n).orElse(null);
    if (format == null) {
      throw new IllegalArgumentException(
          file + " is not a recognised " + name + " (" + expected(name) + "); give its format");
    }
    MessageDigest sha = newDigest();
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, r);
        size += r;
      }
    }
    return new LocalPart(name, file, size, HexFormat.of().formatHex(sha.digest()), format);
  }

  /** Bytes {@code [index·chunkSize, min(size, (index+1)·chunkSize))}. */
  public byte[] chunk(int index, int chunkSize) throws IOException {
    long from = (long) index * chunkSize;
    int length = (int) Math.min(chunkSize, sizeBytes - from);
    byte[] bytes = new byte[length];
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(from);
      f.readFully(bytes);
    }
    return bytes;
  }

  /** {@code sha-256=:<base64>:} (RFC 9530), the header every chunk carries. */
  public static String contentDigest(byte[] bytes) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(newDigest().digest(bytes)) + ":";
  }

  static String expected(String name) {
    return switch (name) {
      case "kernel" -> "bzimage";
      case "initrd" -> "gzip, cpio, zstd or xz";
      case "rootfs" -> "ext4 or squashfs";
      default -> "raw with an MBR or GPT, or qcow2";
    };
  }

  /** The format whose signature the first bytes carry, among those a part of this name may have. */
  static Optional<String> detect(String name, byte[] h, int n) {
    switch (name) {
      case "kernel":
        return n > 0x205
                && (h[0x1FE] & 0xFF) == 0x55
                && (h[0x1FF] & 0xFF) == 0xAA
                && h[0x202] == 'H'
                && h[0x203] == 'd'
                && h[0x204] == 'r'
                && h[0x205] == 'S'
            ? Optional.of("bzimage")
            : Optional.empty();
      case "initrd":
        if (starts(h, n, 0x1F, 0x8B)) {
          return Optional.of("gzip");
        }
        if (starts(h, n, '0', '7', '0', '7', '0', '1')
            || starts(h, n, '0', '7', '0', '7', '0', '2')) {
          return Optional.of("cpio");
        }
        if (starts(h, n, 0x28, 0xB5, 0x2F, 0xFD)) {
          return Optional.of("zstd");
        }
        return starts(h, n, 0xFD, '7', 'z', 'X', 'Z') ? Optional.of("xz") : Optional.empty();
      case "rootfs":
        if (n > 1081 && (h[1080] & 0xFF) == 0x53 && (h[1081] & 0xFF) == 0xEF) {
          return Optional.of("ext4");
        }
        return starts(h, n, 'h', 's', 'q', 's') ? Optional.of("squashfs") : Optional.empty();
      default:
        if (starts(h, n, 'Q', 'F', 'I', 0xFB)) {
          return Optional.of("qcow2");
        }
        boolean mbr = n > 511 && (h[510] & 0xFF) == 0x55 && (h[511] & 0xFF) == 0xAA;
        boolean gpt =
            n >= 520
                && new String(h, 512, 8, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("EFI PART");
        return mbr || gpt ? Optional.of("raw") : Optional.empty();
    }
  }

  private static boolean starts(byte[] h, int n, int... signature) {
    if (n < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((h[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
