package io.xenia.hostdaemon.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked fetching from sources that fail, lie or are absent (in-memory sources, real files). */
class ParallelFetchTest {
  private static final int CHUNK = 1000;
  private static final byte[] BLOB = new byte[10 * CHUNK + 17];

  static {
    new Random(7).nextBytes(BLOB);
  }

  @TempDir Path dir;

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static ChunkManifest manifest() throws Exception {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i * CHUNK < BLOB.length; i++) {
      chunks.add(sha(Arrays.copyOfRange(BLOB, i * CHUNK, Math.min(BLOB.length, (i + 1) * CHUNK))));
    }
    return new ChunkManifest(sha(BLOB), BLOB.length, CHUNK, chunks);
  }

  /** Serves BLOB; {@code fault} decides per call whether to fail (1), lie (2) or serve (0). */
  private static ChunkSource source(String name, java.util.function.IntUnaryOperator fault) {
    AtomicInteger calls = new AtomicInteger();
    return new ChunkSource() {
      @Override
      public byte[] read(String sha256, long offset, int length) throws IOException {
        byte[] bytes = Arrays.copyOfRange(BLOB, (int) offset, (int) offset + length);
        switch (fault.applyAsInt(calls.getAndIncrement())) {
          case 1 -> throw new IOException("cut");
          case 2 -> bytes[0] ^= 1;
          default -> {}
        }
        return bytes;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  private static ChunkSource slow(ChunkSource s) {
    return new ChunkSource() {
      @Override
      public byte[] read(String sha256, long offset, int length)
          throws IOException, ImageException {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return s.read(sha256, offset, length);
      }

      @Override
      public String name() {
        return s.name();
      }
    };
  }

  /** A peer that says it holds the chunks in {@code holds} and is worth asking for no other. */
  private static ChunkSource peer(String name, java.util.function.IntPredicate holds) {
    ChunkSource serving = source(name, n -> 0);
    return new ChunkSource() {
      @Override
      public byte[] read(String sha256, long offset, int length) throws IOException {
        if (!holds.test((int) (offset / CHUNK))) {
          throw new IOException(name + " was asked for a chunk it never said it holds");
        }
        try {
          return serving.read(sha256, offset, length);
        } catch (ImageException e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public boolean knownToHold(long offset, int length) {
        return holds.test((int) (offset / CHUNK));
      }

      @Override
      public boolean worthAsking(long offset, int length) {
        return knownToHold(offset, length);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  @Test
  void busyBrokerSlotsSendChunksToThePeersThatSaidTheyHoldThemAndNoOneIsAskedBlindly()
      throws Exception {
    Path file = Files.createFile(dir.resolve("d.part"));
    ChunkSource evens = peer("evens", i -> i % 2 == 0);
    ChunkSource nothing = peer("nothing", i -> false);
    var stats =
        new ParallelFetch(4, 1, 5, 0)
            .fetch(manifest(), List.of(slow(source("broker", n -> 0)), nothing, evens), file);
    assertArrayEquals(BLOB, Files.readAllBytes(file));
    assertEquals(0, stats.retries(), stats::toString); // no blind asks
    assertTrue(stats.peerBytes() > 0, stats::toString); // the broker's one slot was busy
  }

  @Test
  void withoutPeersThatCanGiveAChunkTheBrokerGetsEveryWorker() throws Exception {
    Path file = Files.createFile(dir.resolve("e.part"));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ChunkSource broker =
        new ChunkSource() {
          @Override
          public byte[] read(String sha256, long offset, int length) {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              Thread.sleep(30);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Arrays.copyOfRange(BLOB, (int) offset, (int) offset + length);
          }

          @Override
          public String name() {
            return "broker";
          }
        };
    new ParallelFetch(4, 1, 3, 0).fetch(manifest(), List.of(broker), file);
    assertArrayEquals(BLOB, Files.readAllBytes(file));
    assertTrue(most.get() > 1, "at most " + most.get() + " chunks at once from a lone broker");

    // Beside peers that can give nothing (none known yet), the broker gets the peers' workers too.
    most.set(0);
    Path other = Files.createFile(dir.resolve("f.part"));
    new ParallelFetch(4, 1, 3, 0)
        .fetch(manifest(), List.of(broker, peer("nothing", i -> false)), other);
    assertArrayEquals(BLOB, Files.readAllBytes(other));
    assertTrue(most.get() > 1, "at most " + most.get() + " chunks at once beside useless peers");
  }

  @Test
  void failingAndLyingSourcesCostRetriesNotTheBlob() throws Exception {
    Path file = Files.createFile(dir.resolve("a.part"));
    // One broker slot for three workers, and a broker slow enough that the others ask the peer.
    var stats =
        new ParallelFetch(3, 1, 5, 0)
            .fetch(
                manifest(),
                List.of(slow(source("good", n -> 0)), source("flaky", n -> n % 2 == 0 ? 1 : 2)),
                file);
    assertArrayEquals(BLOB, Files.readAllBytes(file));
    assertEquals(11, stats.chunks());
    assertTrue(stats.retries() >= 5, stats::toString);
  }

  @Test
  void manyDeadPeersCannotFailAFetchTheFirstSourceCanServe() throws Exception {
    Path file = Files.createFile(dir.resolve("c.part"));
    List<ChunkSource> sources = new ArrayList<>();
    sources.add(source("broker", n -> 0));
    for (int i = 0; i < 8; i++) {
      sources.add(source("dead-" + i, n -> 1));
    }
    new ParallelFetch(4, 2, 3, 0).fetch(manifest(), sources, file);
    assertArrayEquals(BLOB, Files.readAllBytes(file));
  }

  @Test
  void aChunkNoSourceCanDeliverFailsTheFetch() throws Exception {
    Path file = Files.createFile(dir.resolve("b.part"));
    var e =
        assertThrows(
            ImageException.class,
            () ->
                new ParallelFetch(2, 1, 3, 0)
                    .fetch(manifest(), List.of(source("dead", n -> 1)), file));
    assertEquals(ImageException.Kind.UNREACHABLE, e.kind());
  }
}
