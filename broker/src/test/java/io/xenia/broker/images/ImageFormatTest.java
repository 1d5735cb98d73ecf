package io.xenia.broker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the image store: signatures, chunk plans, ranges, Content-Digest. */
class ImageFormatTest {
  @Test
  void signaturesAreRecognisedAndConfusionsRefused() {
    byte[] kernel = TestImages.kernel(8192, 1);
    byte[] disk = TestImages.disk(8192, 2);
    byte[] initrd = TestImages.initrd(1000, 3);
    assertTrue(ImageFormat.BZIMAGE.matches(kernel));
    assertTrue(ImageFormat.RAW.matches(disk));
    assertTrue(ImageFormat.GZIP.matches(initrd));
    assertFalse(ImageFormat.BZIMAGE.matches(initrd));
    assertFalse(ImageFormat.GZIP.matches(kernel));
    byte[] gpt = new byte[1024];
    System.arraycopy("EFI PART".getBytes(), 0, gpt, 512, 8);
    assertTrue(ImageFormat.RAW.matches(gpt));
    assertTrue(ImageFormat.CPIO.matches("070701000000".getBytes()));
    byte[] ext4 = new byte[2048];
    ext4[1080] = 0x53;
    ext4[1081] = (byte) 0xEF;
    assertTrue(ImageFormat.EXT4.matches(ext4));
    assertFalse(ImageFormat.RAW.matches(new byte[10])); // too short for any signature
    assertTrue(ImageFormat.QCOW2.matches(new byte[] {'Q', 'F', 'I', (byte) 0xFB}));
  }

  @Test
  void chunkPlansCutPartsIntoFullChunksAndAShortLastOne() {
    ChunkPlan plan = new ChunkPlan(10_000, 4096);
    assertEquals(3, plan.count());
    assertEquals(4096, plan.length(0));
    assertEquals(10_000 - 8192, plan.length(2));
    assertEquals(2, new ChunkPlan(8192, 4096).count());
    assertThrows(IndexOutOfBoundsException.class, () -> plan.length(3));
  }

  @Test
  void rangesFollowRfc9110() throws Exception {
    assertEquals(Optional.of(new BlobRange(0, 99)), BlobRange.parse("bytes=0-99", 1000));
    assertEquals(Optional.of(new BlobRange(900, 999)), BlobRange.parse("bytes=900-", 1000));
    assertEquals(Optional.of(new BlobRange(990, 999)), BlobRange.parse("bytes=-10", 1000));
    assertEquals(Optional.of(new BlobRange(500, 999)), BlobRange.parse("bytes=500-5000", 1000));
    assertEquals(Optional.empty(), BlobRange.parse("bytes=0-1,5-6", 1000)); // served whole
    assertEquals(Optional.empty(), BlobRange.parse(null, 1000));
    assertThrows(BlobRange.Unsatisfiable.class, () -> BlobRange.parse("bytes=1000-", 1000));
  }

  @Test
  void contentDigestCarriesTheChunksSha256() {
    byte[] chunk = TestImages.random(100, 4);
    String header = ContentDigest.of(chunk);
    assertEquals(TestImages.sha256(chunk), ContentDigest.sha256Hex(header));
    assertEquals(TestImages.sha256(chunk), ContentDigest.sha256Hex("md5=:AAAA:, " + header));
    assertThrows(RuntimeException.class, () -> ContentDigest.sha256Hex(null));
    assertThrows(RuntimeException.class, () -> ContentDigest.sha256Hex("sha-256=:AAAA:"));
  }

  @Test
  void manifestsRoundTrip() {
    byte[] blob = TestImages.random(5000, 5);
    var m =
        new ChunkManifest(
            TestImages.sha256(blob),
            5000,
            4096,
            List.of(
                TestImages.sha256(Arrays.copyOf(blob, 4096)),
                TestImages.sha256(Arrays.copyOfRange(blob, 4096, 5000))));
    assertEquals(m, ChunkManifest.decode(m.encode()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ChunkManifest(m.sha256(), 5000, 4096, List.of(m.sha256())));
  }
}
