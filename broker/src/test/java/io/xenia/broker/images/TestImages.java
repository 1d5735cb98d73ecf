package io.xenia.broker.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Image files with the right signatures, made of seeded random bytes. */
final class TestImages {
  private TestImages() {}

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A "disk" with an MBR boot signature. */
  static byte[] disk(int size, long seed) {
    byte[] b = random(size, seed);
    b[510] = 0x55;
    b[511] = (byte) 0xAA;
    return b;
  }

  /** A "kernel" with the x86 boot protocol header. */
  static byte[] kernel(int size, long seed) {
    byte[] b = random(size, seed);
    b[0x1FE] = 0x55;
    b[0x1FF] = (byte) 0xAA;
    b[0x202] = 'H';
    b[0x203] = 'd';
    b[0x204] = 'r';
    b[0x205] = 'S';
    return b;
  }

  /** A gzip "initrd". */
  static byte[] initrd(int size, long seed) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(random(size, seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A "root file system": a tar header ("ustar" at 257) over random bytes. */
  static byte[] tar(int size, long seed) {
    byte[] b = random(size, seed);
    System.arraycopy("ustar".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 257, 5);
    return b;
  }

  static String sha256(byte[] b) {
    return Digests.sha256Hex(b, 0, b.length);
  }

  static Map<String, Object> part(String name, byte[] bytes, String format) {
    return Map.of(
        "name", name, "sha256", sha256(bytes), "sizeBytes", bytes.length, "format", format);
  }

  static Map<String, Object> part(String name, byte[] bytes, String format, String url) {
    return Map.of(
        "name",
        name,
        "sha256",
        sha256(bytes),
        "sizeBytes",
        bytes.length,
        "format",
        format,
        "url",
        url);
  }

  static Map<String, Object> image(String name, String kind, List<Map<String, Object>> parts) {
    return Map.of("name", name, "kind", kind, "parts", parts);
  }
}
