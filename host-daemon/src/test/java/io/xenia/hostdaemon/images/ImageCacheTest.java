package io.xenia.hostdaemon.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.xenia.hostdaemon.driver.BootImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on 127.0.0.1 (the JDK's), shared by the class. */
class ImageCacheTest {
  static HttpServer server;
  static final Map<String, byte[]> content = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static volatile CountDownLatch gate = new CountDownLatch(0);

  @TempDir Path dir;

  @BeforeAll
  static void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring(1);
          hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = content.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static String put(String name, int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(name.hashCode()).nextBytes(bytes);
    content.put(name, bytes);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static URI url(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  @Test
  void anImageIsFetchedVerifiedStoredByDigestAndThenServedFromTheCache() throws Exception {
    String sha = put("a1", 200_000);
    ImageCache cache = ImageCache.open(dir, 1 << 20, Clock.systemUTC());
    BootImage img = cache.resolve(ImageRef.of(sha, url("a1"), BootImage.Kind.ROOTFS_TAR));
    assertEquals(dir.resolve("sha256").resolve(sha), img.file());
    assertArrayEquals(content.get("a1"), Files.readAllBytes(img.file()));
    cache.fetch(sha, url("a1"));
    assertEquals(1, hits.get("a1").get());

    ImageCache reopened = ImageCache.open(dir, 1 << 20, Clock.systemUTC());
    assertEquals(List.of(sha), reopened.digests());
    reopened.fetch(sha, url("a1"));
    assertEquals(1, hits.get("a1").get(), "a restarted daemon still has it");
  }

  @Test
  void aWrongDigestIsRefusedAndLeavesNothing() throws Exception {
    put("b1", 50_000);
    String other = put("b2", 10);
    ImageCache cache = ImageCache.open(dir, 1 << 20, Clock.systemUTC());
    ImageException e = assertThrows(ImageException.class, () -> cache.fetch(other, url("b1")));
    assertEquals(ImageException.Kind.DIGEST_MISMATCH, e.kind());
    assertEquals(0, cache.totalBytes());
    try (var s = Files.list(dir.resolve("sha256"))) {
      assertEquals(0, s.count());
    }
    try (var s = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void concurrentFetchesOfOneDigestShareOneDownload() throws Exception {
    String sha = put("c1", 300_000);
    ImageCache cache = ImageCache.open(dir, 1 << 20, Clock.systemUTC());
    gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Path>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> cache.fetch(sha, url("c1"))));
    }
    Thread.sleep(200); // let all eight ask while the first download waits at the gate
    gate.countDown();
    for (Future<Path> f : results) {
      assertEquals(dir.resolve("sha256").resolve(sha), f.get());
    }
    pool.shutdown();
    assertEquals(1, hits.get("c1").get());
  }

  @Test
  void leastRecentlyUsedImagesAreEvictedToStayWithinTheBudget() throws Exception {
    String a = put("d1", 1000);
    String b = put("d2", 1000);
    String c = put("d3", 1000);
    String d = put("d4", 1000);
    MutableClock clock = new MutableClock();
    ImageCache cache = ImageCache.open(dir, 3000, clock);
    cache.fetch(a, url("d1"));
    cache.fetch(b, url("d2"));
    cache.fetch(c, url("d3"));
    cache.fetch(a, url("d1")); // a is now more recent than b
    cache.fetch(d, url("d4"));
    assertEquals(List.of(c, a, d), cache.digests());
    assertEquals(3000, cache.totalBytes());
    assertTrue(Files.notExists(dir.resolve("sha256").resolve(b)));
  }

  @Test
  void errorsAreTyped() throws Exception {
    ImageCache cache = ImageCache.open(dir, 10_000, Clock.systemUTC());
    String big = put("e1", 20_000);
    assertEquals(
        ImageException.Kind.TOO_LARGE,
        assertThrows(ImageException.class, () -> cache.fetch(big, url("e1"))).kind());
    assertEquals(
        ImageException.Kind.HTTP_ERROR,
        assertThrows(ImageException.class, () -> cache.fetch("f".repeat(64), url("missing")))
            .kind());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ImageRef.of("f".repeat(64), URI.create("file:///etc/passwd"), BootImage.Kind.DISK_RAW));
    try (var s = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, s.count());
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    @Override
    public Instant instant() {
      now = now.plus(Duration.ofSeconds(1));
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
