package io.xenia.broker.images;

import static io.xenia.broker.images.TestImages.image;
import static io.xenia.broker.images.TestImages.part;
import static io.xenia.broker.images.TestImages.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.broker.support.Marketplace.Party;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abandoned uploads expire ({@link UploadExpiry}): an image still uploading after {@code
 * xenia.images.upload-expiry} is deleted with its staged chunks and its quota is free again; a
 * completed (rootfs tar) image stays.
 */
class UploadExpiryTest {
  private static final int CHUNK = 4096;
  @TempDir static Path storeDir;
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static URI base;

  @BeforeAll
  static void start() {
    broker =
        BrokerUnderTest.start(
            "upload-expiry",
            Map.of(
                "xenia.images.dir",
                storeDir.toString(),
                "xenia.images.chunk-size",
                CHUNK,
                "xenia.images.max-images-per-account",
                2,
                "xenia.images.upload-expiry",
                "2s",
                "xenia.images.upload-expiry-sweep-interval",
                "200ms"));
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

  private static int put(Party who, String id, int index, byte[] chunk) throws Exception {
    var request =
        HttpRequest.newBuilder(base.resolve("/v1/images/" + id + "/parts/rootfs/chunks/" + index))
            .header("Authorization", "Bearer " + who.token())
            .header("Content-Type", "application/octet-stream")
            .header("Content-Digest", ContentDigest.of(chunk))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void anAbandonedUploadIsDeletedWithItsChunksAndFreesItsQuotaWhileAFinishedImageStays()
      throws Exception {
    Party alice = market.customer("Alice Abandons");
    byte[] done = tar(2 * CHUNK + 100, 1);
    var finished =
        broker
            .api()
            .post(
                "/v1/images",
                alice.token(),
                image("done", "rootfs", List.of(part("rootfs", done, "tar"))));
    assertEquals(201, finished.status(), finished::toString);
    String doneId = finished.body().path("id").asText();
    for (int i = 0; i * CHUNK < done.length; i++) {
      assertEquals(
          200,
          put(
              alice,
              doneId,
              i,
              Arrays.copyOfRange(done, i * CHUNK, Math.min(done.length, (i + 1) * CHUNK))));
    }
    byte[] half = tar(3 * CHUNK, 2);
    var abandoned =
        broker
            .api()
            .post(
                "/v1/images",
                alice.token(),
                image("half", "rootfs", List.of(part("rootfs", half, "tar"))));
    assertEquals(201, abandoned.status(), abandoned::toString);
    String halfId = abandoned.body().path("id").asText();
    assertEquals(200, put(alice, halfId, 0, Arrays.copyOfRange(half, 0, CHUNK)));
    assertTrue(Files.exists(storeDir.resolve("uploads").resolve(halfId)), "chunks are staged");
    // The quota (2 images) is full until the abandoned one expires.
    var third =
        broker
            .api()
            .post(
                "/v1/images",
                alice.token(),
                image("third", "rootfs", List.of(part("rootfs", tar(CHUNK, 3), "tar"))));
    assertEquals(422, third.status(), third::toString);

    long deadline = System.nanoTime() + 15_000_000_000L;
    int status = 200;
    while (System.nanoTime() < deadline
        && (status = broker.api().get("/v1/images/" + halfId, alice.token()).status()) == 200) {
      Thread.sleep(100);
    }
    assertEquals(404, status, "the abandoned upload expired");
    assertFalse(Files.exists(storeDir.resolve("uploads").resolve(halfId)), "its chunks went");
    var kept = broker.api().get("/v1/images/" + doneId, alice.token());
    assertEquals("available", kept.body().path("status").asText(), kept::toString);
    var again =
        broker
            .api()
            .post(
                "/v1/images",
                alice.token(),
                image("third", "rootfs", List.of(part("rootfs", tar(CHUNK, 3), "tar"))));
    assertEquals(201, again.status(), "the quota is free again: " + again);
  }
}
