package io.xenia.broker.images;

import static io.xenia.broker.images.TestImages.disk;
import static io.xenia.broker.images.TestImages.image;
import static io.xenia.broker.images.TestImages.initrd;
import static io.xenia.broker.images.TestImages.kernel;
import static io.xenia.broker.images.TestImages.part;
import static io.xenia.broker.images.TestImages.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.broker.support.Marketplace.Party;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image store through the real API on embedded PostgreSQL: chunked uploads and their resume,
 * every refusal (chunk digest, total digest, size, format, quota), owner isolation, URL
 * registration from a local HTTP server, ranged blob reads and deletion.
 */
class ImageStoreTest {
  private static final int CHUNK = 4096;
  @TempDir static Path storeDir;
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static URI base;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    broker =
        BrokerUnderTest.start(
            "images",
            Map.of(
                "xenia.images.dir",
                storeDir.toString(),
                "xenia.images.chunk-size",
                CHUNK,
                "xenia.images.max-images-per-account",
                3,
                "xenia.images.max-bytes-per-account",
                200_000,
                "xenia.images.allow-private-urls",
                true)); // the URL tests serve images from 127.0.0.1
    market = new Marketplace(broker);
    base =
        URI.create("http://127.0.0.1:" + broker.context().getBean(EmbeddedServer.class).getPort());
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static ApiClient api() {
    return broker.api();
  }

  private static JsonNode register(Party who, Map<String, Object> request) {
    var r = api().post("/v1/images", who.token(), request);
    assertEquals(201, r.status(), r::toString);
    return r.body();
  }

  /** PUT one chunk as octet-stream; {@code digestOf} is what Content-Digest claims. */
  private static ApiClient.Response putChunk(
      Party who, String id, String part, int index, byte[] body, byte[] digestOf) {
    try {
      var request =
          HttpRequest.newBuilder(
                  base.resolve("/v1/images/" + id + "/parts/" + part + "/chunks/" + index))
              .header("Authorization", "Bearer " + who.token())
              .header("Content-Type", "application/octet-stream")
              .header("Content-Digest", ContentDigest.of(digestOf))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      var parsed =
          response.body().isEmpty()
              ? new com.fasterxml.jackson.databind.ObjectMapper().missingNode()
              : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
      return new ApiClient.Response(response.statusCode(), response, parsed);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] chunk(byte[] whole, int index) {
    int from = index * CHUNK;
    return Arrays.copyOfRange(whole, from, Math.min(whole.length, from + CHUNK));
  }

  private static ApiClient.Response upload(Party who, String id, String part, byte[] whole) {
    ApiClient.Response last = null;
    for (int i = 0; i * CHUNK < whole.length; i++) {
      byte[] c = chunk(whole, i);
      last = putChunk(who, id, part, i, c, c);
      if (last.status() != 200) {
        return last;
      }
    }
    return last;
  }

  private static HttpResponse<byte[]> getBlob(Party who, String sha, String range)
      throws Exception {
    var b =
        HttpRequest.newBuilder(base.resolve("/v1/images/blobs/sha256/" + sha))
            .header("Authorization", "Bearer " + who.token());
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void uploadInChunksResumesAfterAnInterruptedUploadAndServesRanges() throws Exception {
    Party alice = market.customer("Alice Upload");
    byte[] disk = disk(3 * CHUNK + 100, 1);
    JsonNode created = register(alice, image("web", "disk", List.of(part("disk", disk, "raw"))));
    String id = created.path("id").asText();
    assertEquals("uploading", created.path("status").asText());
    assertEquals(CHUNK, created.path("chunkSize").asInt());
    assertEquals(4, created.path("parts").get(0).path("chunkCount").asInt());

    assertEquals(200, putChunk(alice, id, "disk", 0, chunk(disk, 0), chunk(disk, 0)).status());
    // Chunk 1 is cut mid-body: the connection closes after half of the declared bytes.
    try (Socket s = new Socket("127.0.0.1", base.getPort())) {
      byte[] c = chunk(disk, 1);
      String head =
          "PUT /v1/images/"
              + id
              + "/parts/disk/chunks/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + alice.token()
              + "\r\n"
              + "Content-Type: application/octet-stream\r\n"
              + "Content-Digest: "
              + ContentDigest.of(c)
              + "\r\n"
              + "Content-Length: "
              + c.length
              + "\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(c, 0, c.length / 2);
      out.flush();
    }
    Thread.sleep(300);
    var status = api().get("/v1/images/" + id + "/parts/disk/chunks", alice.token());
    assertEquals(200, status.status(), status::toString);
    assertEquals("[0]", status.body().path("present").toString());
    assertEquals("[1,2,3]", status.body().path("missing").toString());

    // Resume: send what is missing.
    for (var missing : status.body().path("missing")) {
      int i = missing.asInt();
      var r = putChunk(alice, id, "disk", i, chunk(disk, i), chunk(disk, i));
      assertEquals(200, r.status(), r::toString);
    }
    var image = api().get("/v1/images/" + id, alice.token());
    assertEquals("available", image.body().path("status").asText(), image::toString);
    assertTrue(image.body().path("parts").get(0).path("verified").asBoolean());

    String sha = sha256(disk);
    var whole = getBlob(alice, sha, null);
    assertEquals(200, whole.statusCode());
    assertArrayEquals(disk, whole.body());
    var range = getBlob(alice, sha, "bytes=4000-4199");
    assertEquals(206, range.statusCode());
    assertEquals(
        "bytes 4000-4199/" + disk.length, range.headers().firstValue("Content-Range").get());
    assertArrayEquals(Arrays.copyOfRange(disk, 4000, 4200), range.body());
    var unsatisfiable = getBlob(alice, sha, "bytes=999999-");
    assertEquals(
        416,
        unsatisfiable.statusCode(),
        () -> unsatisfiable.headers() + new String(unsatisfiable.body()));

    var manifest = api().get("/v1/images/blobs/sha256/" + sha + "/manifest", alice.token());
    assertEquals(200, manifest.status(), manifest::toString);
    assertEquals(4, manifest.body().path("chunks").size());
    assertEquals(sha256(chunk(disk, 3)), manifest.body().path("chunks").get(3).asText());
    // Content-addressed: the blob is stored once, under its digest, and nothing is left staged.
    assertArrayEquals(disk, Files.readAllBytes(storeDir.resolve("blobs/sha256/" + sha)));
    try (Stream<Path> staged = Files.walk(storeDir.resolve("uploads/" + id))) {
      assertEquals(0, staged.filter(Files::isRegularFile).count());
    } catch (java.nio.file.NoSuchFileException gone) {
      // also fine
    }
    api().delete("/v1/images/" + id, alice.token());
  }

  @Test
  void chunksUploadedAllAtOnceCompleteThePartExactlyOnce() throws Exception {
    Party kim = market.customer("Kim Parallel");
    byte[] disk = disk(12 * CHUNK + 9, 13);
    String id =
        register(kim, image("par", "disk", List.of(part("disk", disk, "raw")))).path("id").asText();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<ApiClient.Response>> puts = new java.util.ArrayList<>();
      for (int i = 0; i < 13; i++) {
        int n = i;
        puts.add(pool.submit(() -> putChunk(kim, id, "disk", n, chunk(disk, n), chunk(disk, n))));
      }
      for (var f : puts) {
        var r = f.get();
        assertEquals(200, r.status(), r::toString);
      }
    } finally {
      pool.shutdownNow();
    }
    var image = api().get("/v1/images/" + id, kim.token());
    assertEquals("available", image.body().path("status").asText(), image::toString);
    assertArrayEquals(disk, getBlob(kim, sha256(disk), null).body());
    api().delete("/v1/images/" + id, kim.token());
  }

  @Test
  void aCorruptedChunkIsRefusedAndNotKept() {
    Party bob = market.customer("Bob Corrupt");
    byte[] disk = disk(2 * CHUNK, 2);
    String id =
        register(bob, image("c", "disk", List.of(part("disk", disk, "raw")))).path("id").asText();
    byte[] good = chunk(disk, 0);
    byte[] flipped = good.clone();
    flipped[7] ^= 1;
    var r = putChunk(bob, id, "disk", 0, flipped, good);
    assertEquals(422, r.status(), r::toString);
    assertEquals("image-chunk-digest-mismatch", r.problemType());
    var shortChunk = putChunk(bob, id, "disk", 0, Arrays.copyOf(good, 10), Arrays.copyOf(good, 10));
    assertEquals("image-chunk-invalid", shortChunk.problemType(), shortChunk::toString);
    var outside = putChunk(bob, id, "disk", 5, good, good);
    assertEquals("image-chunk-invalid", outside.problemType(), outside::toString);
    var status = api().get("/v1/images/" + id + "/parts/disk/chunks", bob.token());
    assertEquals(0, status.body().path("present").size(), status::toString);
    api().delete("/v1/images/" + id, bob.token());
  }

  @Test
  void aWrongTotalDigestIsRefusedAndThePartStartsOver() {
    Party carol = market.customer("Carol Digest");
    byte[] disk = disk(2 * CHUNK + 5, 3);
    byte[] declared = disk(2 * CHUNK + 5, 4);
    String id =
        register(carol, image("d", "disk", List.of(part("disk", declared, "raw"))))
            .path("id")
            .asText();
    var r = upload(carol, id, "disk", disk);
    assertEquals(422, r.status(), r::toString);
    assertEquals("image-digest-mismatch", r.problemType());
    assertEquals(sha256(disk), r.body().path("actual").asText());
    var status = api().get("/v1/images/" + id + "/parts/disk/chunks", carol.token());
    assertEquals(0, status.body().path("present").size(), status::toString);
    assertEquals(
        "uploading", api().get("/v1/images/" + id, carol.token()).body().path("status").asText());
    assertFalse(Files.exists(storeDir.resolve("blobs/sha256/" + sha256(disk))));
    api().delete("/v1/images/" + id, carol.token());
  }

  @Test
  void aFormatMismatchIsRefused() {
    Party dan = market.customer("Dan Format");
    byte[] notADisk = TestImages.random(CHUNK + 1, 5);
    notADisk[510] = 0;
    String id =
        register(dan, image("f", "disk", List.of(part("disk", notADisk, "raw"))))
            .path("id")
            .asText();
    var r = upload(dan, id, "disk", notADisk);
    assertEquals(422, r.status(), r::toString);
    assertEquals("image-format-mismatch", r.problemType());
    api().delete("/v1/images/" + id, dan.token());

    // The initrd uploaded as the kernel.
    byte[] initrd = initrd(5000, 6);
    String swapped =
        register(
                dan,
                image(
                    "k",
                    "kernel-initrd",
                    List.of(part("kernel", initrd, "bzimage"), part("initrd", initrd, "gzip"))))
            .path("id")
            .asText();
    var k = upload(dan, swapped, "kernel", initrd);
    assertEquals("image-format-mismatch", k.problemType(), k::toString);
    var i = upload(dan, swapped, "initrd", initrd);
    assertEquals(200, i.status(), i::toString);
    assertEquals("uploading", i.body().path("imageStatus").asText());
    api().delete("/v1/images/" + swapped, dan.token());

    // Declarations are checked before any byte is sent.
    var bad =
        api()
            .post(
                "/v1/images",
                dan.token(),
                image("x", "kernel-initrd", List.of(part("kernel", initrd, "bzimage"))));
    assertEquals(400, bad.status(), bad::toString);
    var badFormat =
        api()
            .post(
                "/v1/images",
                dan.token(),
                image("x", "disk", List.of(part("disk", initrd, "gzip"))));
    assertEquals("validation-failed", badFormat.problemType(), badFormat::toString);
    var noSize =
        api()
            .post(
                "/v1/images",
                dan.token(),
                Map.of(
                    "name",
                    "x",
                    "kind",
                    "disk",
                    "parts",
                    List.of(Map.of("name", "disk", "sha256", sha256(initrd), "format", "raw"))));
    assertEquals(400, noSize.status(), noSize::toString);
    var badKind =
        api()
            .post(
                "/v1/images",
                dan.token(),
                image("x", "floppy", List.of(part("disk", initrd, "raw"))));
    assertEquals("validation-failed", badKind.problemType(), badKind::toString);
    var badUrl =
        api()
            .post(
                "/v1/images",
                dan.token(),
                image("x", "disk", List.of(part("disk", initrd, "raw", "file:///etc/passwd"))));
    assertEquals("validation-failed", badUrl.problemType(), badUrl::toString);
  }

  @Test
  void quotasLimitImagesAndBytesPerAccount() {
    Party erin = market.customer("Erin Quota");
    byte[] small = disk(600, 7);
    for (int i = 0; i < 3; i++) {
      register(erin, image("q" + i, "disk", List.of(part("disk", small, "raw"))));
    }
    var fourth =
        api()
            .post(
                "/v1/images",
                erin.token(),
                image("q3", "disk", List.of(part("disk", small, "raw"))));
    assertEquals(422, fourth.status(), fourth::toString);
    assertEquals("image-quota-exceeded", fourth.problemType());
    assertEquals(3, fourth.body().path("maxImages").asInt());

    Party fay = market.customer("Fay Bytes");
    var tooBig =
        api()
            .post(
                "/v1/images",
                fay.token(),
                Map.of(
                    "name",
                    "big",
                    "kind",
                    "disk",
                    "parts",
                    List.of(
                        Map.of(
                            "name",
                            "disk",
                            "sha256",
                            sha256(small),
                            "sizeBytes",
                            200_001,
                            "format",
                            "raw"))));
    assertEquals("image-quota-exceeded", tooBig.problemType(), tooBig::toString);
    // Deleting frees the quota.
    var list = api().get("/v1/images", erin.token()).body().path("items");
    api().delete("/v1/images/" + list.get(0).path("id").asText(), erin.token());
    assertEquals(
        201,
        api()
            .post(
                "/v1/images",
                erin.token(),
                image("q4", "disk", List.of(part("disk", small, "raw"))))
            .status());
  }

  @Test
  void ownersSeeOnlyTheirImagesAndBlobs() throws Exception {
    Party gus = market.customer("Gus Owner");
    Party hal = market.customer("Hal Other");
    byte[] disk = disk(CHUNK, 8);
    String id =
        register(gus, image("mine", "disk", List.of(part("disk", disk, "raw"))))
            .path("id")
            .asText();
    assertEquals(200, upload(gus, id, "disk", disk).status());

    assertEquals(404, api().get("/v1/images/" + id, hal.token()).status());
    assertEquals(0, api().get("/v1/images", hal.token()).body().path("items").size());
    assertEquals(404, putChunk(hal, id, "disk", 0, disk, disk).status());
    assertEquals(404, api().get("/v1/images/" + id + "/parts/disk/chunks", hal.token()).status());
    assertEquals(404, api().delete("/v1/images/" + id, hal.token()).status());
    assertEquals(404, getBlob(hal, sha256(disk), null).statusCode());
    assertEquals(200, getBlob(gus, sha256(disk), null).statusCode());
    var anonymous =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/v1/images/blobs/sha256/" + sha256(disk))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    // A forged host signature is refused too.
    var forged =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/v1/images/blobs/sha256/" + sha256(disk)))
                .header("X-Xenia-Host-Id", java.util.UUID.randomUUID().toString())
                .header("X-Xenia-Signed-At", Long.toString(System.currentTimeMillis()))
                .header("X-Xenia-Host-Signature", "AAAA")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, forged.statusCode(), forged::body);

    // The same bytes uploaded by Hal: one blob, kept until neither image uses it.
    String his =
        register(hal, image("same", "disk", List.of(part("disk", disk, "raw"))))
            .path("id")
            .asText();
    assertEquals(200, upload(hal, his, "disk", disk).status());
    assertEquals(204, api().delete("/v1/images/" + id, gus.token()).status());
    assertEquals(200, getBlob(hal, sha256(disk), null).statusCode());
    assertEquals(404, getBlob(gus, sha256(disk), null).statusCode());
    assertEquals(204, api().delete("/v1/images/" + his, hal.token()).status());
    assertFalse(Files.exists(storeDir.resolve("blobs/sha256/" + sha256(disk))));
  }

  @Test
  void registrationByUrlFetchesAndVerifies() throws Exception {
    Party ivy = market.customer("Ivy Url");
    byte[] kernel = kernel(3 * CHUNK + 1, 9);
    byte[] initrd = initrd(9000, 10);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, byte[]> files = Map.of("/vmlinuz", kernel, "/initrd.gz", initrd);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = files.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    try {
      String at = "http://127.0.0.1:" + server.getAddress().getPort();
      JsonNode created =
          register(
              ivy,
              image(
                  "byurl",
                  "kernel-initrd",
                  List.of(
                      part("kernel", kernel, "bzimage", at + "/vmlinuz"),
                      part("initrd", initrd, "gzip", at + "/initrd.gz"))));
      assertEquals("fetching", created.path("status").asText());
      JsonNode done = awaitSettled(ivy, created.path("id").asText());
      assertEquals("available", done.path("status").asText(), done::toString);
      assertArrayEquals(kernel, getBlob(ivy, sha256(kernel), null).body());
      assertArrayEquals(initrd, getBlob(ivy, sha256(initrd), null).body());
      var chunks =
          putChunk(
              ivy, created.path("id").asText(), "kernel", 0, chunk(kernel, 0), chunk(kernel, 0));
      assertEquals(200, chunks.status(), chunks::toString); // done already: a no-op

      // A URL whose bytes are not the declared ones fails the image, with the reason.
      JsonNode wrong =
          register(
              ivy,
              image(
                  "wrong",
                  "disk",
                  List.of(part("disk", disk(5000, 11), "raw", at + "/initrd.gz"))));
      JsonNode failed = awaitSettled(ivy, wrong.path("id").asText());
      assertEquals("failed", failed.path("status").asText());
      assertTrue(
          failed.path("failure").asText().startsWith("image-size-mismatch"), failed::toString);
      JsonNode missing =
          register(
              ivy,
              image("gone", "disk", List.of(part("disk", disk(5000, 11), "raw", at + "/nope"))));
      JsonNode failed404 = awaitSettled(ivy, missing.path("id").asText());
      assertTrue(failed404.path("failure").asText().contains("HTTP 404"), failed404::toString);
      var put = putChunk(ivy, missing.path("id").asText(), "disk", 0, kernel, kernel);
      assertEquals("image-not-uploading", put.problemType(), put::toString);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aFetchCutShortByARestartResumesOnTheNextStart() throws Exception {
    Party jon = market.customer("Jon Restart");
    byte[] disk = disk(2 * CHUNK, 12);
    var release = new java.util.concurrent.CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/disk.img",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, disk.length);
          exchange.getResponseBody().write(disk);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/disk.img";
      String id =
          register(jon, image("slow", "disk", List.of(part("disk", disk, "raw", url))))
              .path("id")
              .asText();
      broker.restart();
      base =
          URI.create(
              "http://127.0.0.1:" + broker.context().getBean(EmbeddedServer.class).getPort());
      assertEquals(
          "fetching", api().get("/v1/images/" + id, jon.token()).body().path("status").asText());
      release.countDown();
      JsonNode done = awaitSettled(jon, id);
      assertEquals("available", done.path("status").asText(), done::toString);
      assertArrayEquals(disk, getBlob(jon, sha256(disk), null).body());
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  private static JsonNode awaitSettled(Party who, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode image = api().get("/v1/images/" + id, who.token()).body();
      if (!image.path("status").asText().equals("fetching") || System.nanoTime() > deadline) {
        return image;
      }
      Thread.sleep(50);
    }
  }
}
