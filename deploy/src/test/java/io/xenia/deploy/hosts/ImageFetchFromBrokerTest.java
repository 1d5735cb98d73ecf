package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.images.BrokerBlobs;
import io.xenia.hostdaemon.images.ImageCache;
import io.xenia.hostdaemon.images.ImageException;
import io.xenia.hostdaemon.images.ImageHolders;
import io.xenia.hostdaemon.images.ImageSwarm;
import io.xenia.hostdaemon.images.PeerChunkServer;
import io.xenia.hostdaemon.images.PeerChunkSource;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.tls.MutualTls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's image cache fetching an image by digest from a real broker's store: signed with the
 * host's enrolled key, in parallel chunk ranges, through a proxy that cuts connections or flips a
 * byte mid-transfer — the fetch resumes chunk by chunk and the cache holds exactly the image.
 */
class ImageFetchFromBrokerTest {
  private static final int CHUNK = 64 * 1024;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static HostIdentity host;
  private static byte[] image;
  private static String sha256;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            tmp,
            Duration.ofSeconds(10),
            3,
            6,
            Duration.ofSeconds(5),
            Map.of("xenia.images.chunk-size", CHUNK));
    customer =
        broker
            .call(
                "POST",
                "/v1/accounts",
                null,
                Map.of("kind", "customer", "name", "Ida Image", "contactEmail", "ida@example.com"),
                201)
            .path("apiKey")
            .path("token")
            .asText();
    image = new byte[16 * CHUNK + 123];
    new Random(42).nextBytes(image);
    sha256 = upload(customer, image);
    host = broker.enroll(tmp.resolve("host"), "image-host");
    startDht();
  }

  private static String customer;

  /** Registers and uploads a disk image of {@code bytes} (an MBR signature is set); its sha256. */
  private static String upload(String customer, byte[] bytes) throws Exception {
    bytes[510] = 0x55;
    bytes[511] = (byte) 0xAA;
    String digest = hex(MessageDigest.getInstance("SHA-256").digest(bytes));
    String id =
        broker
            .call(
                "POST",
                "/v1/images",
                customer,
                Map.of(
                    "name",
                    "disk",
                    "kind",
                    "disk",
                    "parts",
                    List.of(
                        Map.of(
                            "name",
                            "disk",
                            "sha256",
                            digest,
                            "sizeBytes",
                            bytes.length,
                            "format",
                            "raw"))),
                201)
            .path("id")
            .asText();
    for (int i = 0; i * CHUNK < bytes.length; i++) {
      byte[] chunk = Arrays.copyOfRange(bytes, i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK));
      var put =
          HTTP.send(
              HttpRequest.newBuilder(
                      broker.base().resolve("/v1/images/" + id + "/parts/disk/chunks/" + i))
                  .header("Authorization", "Bearer " + customer)
                  .header("Content-Type", "application/octet-stream")
                  .header(
                      "Content-Digest",
                      "sha-256=:"
                          + Base64.getEncoder()
                              .encodeToString(MessageDigest.getInstance("SHA-256").digest(chunk))
                          + ":")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, put.statusCode(), put::body);
    }
    assertEquals(
        "available",
        broker.call("GET", "/v1/images/" + id, customer, null, 200).path("status").asText());
    return digest;
  }

  @AfterAll
  static void stop() {
    dht.forEach(UdpDhtNode::close);
    if (broker != null) {
      broker.close();
    }
  }

  private static final List<UdpDhtNode> dht = new java.util.ArrayList<>();

  /** Three DHT nodes on 127.0.0.1 (open membership): a seed, the holder's and the fetcher's. */
  private static void startDht() throws Exception {
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    for (int i = 0; i < 3; i++) {
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.uncertified(Ed25519KeyPair.generate(new SecureRandom())),
              MembershipPolicy.open(),
              new InetSocketAddress("127.0.0.1", 0));
      dht.add(node);
      if (i > 0) {
        node.join(List.of(dht.get(0).address())).get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static BrokerBlobs via(FaultyProxy proxy) {
    return new BrokerBlobs(
        URI.create("http://127.0.0.1:" + proxy.port()),
        host.hostId(),
        host.hostKey(),
        Clock.systemUTC());
  }

  @Test
  void aCutConnectionCostsOneChunkNotTheImage() throws Exception {
    Path dir = tmp.resolve("cache-cut");
    ImageCache cache = ImageCache.open(dir, 64L << 20, Clock.systemUTC());
    try (var proxy =
        new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CUT, 100 * 1024, 2)) {
      Path file = cache.fetchByDigest(sha256, via(proxy), List.of());
      assertArrayEquals(image, Files.readAllBytes(file));
      assertEquals(2, proxy.faultsDone());
      var stats = cache.lastChunkedFetch();
      assertEquals(17, stats.chunks());
      assertTrue(stats.retries() >= 2, stats::toString);
      System.out.println("image fetch with 2 cuts: " + stats);
      int connections = proxy.connections();
      assertEquals(file, cache.fetchByDigest(sha256, via(proxy), List.of()));
      assertEquals(connections, proxy.connections(), "a cached image is not fetched again");
    }
    assertEquals(List.of(sha256), cache.digests());
    try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void aCorruptedRangeIsRefusedAndFetchedAgain() throws Exception {
    ImageCache cache = ImageCache.open(tmp.resolve("cache-corrupt"), 64L << 20, Clock.systemUTC());
    try (var proxy =
        new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CORRUPT, 150 * 1024, 1)) {
      Path file = cache.fetchByDigest(sha256, via(proxy), List.of());
      assertArrayEquals(image, Files.readAllBytes(file));
      assertEquals(1, proxy.faultsDone());
      assertTrue(cache.lastChunkedFetch().retries() >= 1);
    }
  }

  @Test
  void unknownDigestsAndUnenrolledKeysAreRefusedLeavingNothing() throws Exception {
    Path dir = tmp.resolve("cache-refused");
    ImageCache cache = ImageCache.open(dir, 64L << 20, Clock.systemUTC());
    try (var proxy =
        new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CUT, Long.MAX_VALUE, 0)) {
      String unknown = hex(new byte[32]);
      var missing =
          assertThrows(
              ImageException.class, () -> cache.fetchByDigest(unknown, via(proxy), List.of()));
      assertEquals(ImageException.Kind.NOT_FOUND, missing.kind());
      var stranger =
          new BrokerBlobs(
              URI.create("http://127.0.0.1:" + proxy.port()),
              host.hostId(),
              Ed25519KeyPair.generate(new SecureRandom()),
              Clock.systemUTC());
      var forged =
          assertThrows(
              ImageException.class, () -> cache.fetchByDigest(sha256, stranger, List.of()));
      assertEquals(ImageException.Kind.HTTP_ERROR, forged.kind());
      assertTrue(forged.getMessage().contains("403"), forged::getMessage);
    }
    assertEquals(List.of(), cache.digests());
    assertEquals(0, cache.totalBytes());
  }

  @Test
  void aSecondHostFindsAHolderInTheDhtAndFetchesChunksFromItOverMutualTls() throws Exception {
    HostIdentity other = broker.enroll(tmp.resolve("host-b"), "peer-host");
    ImageCache holder = ImageCache.open(tmp.resolve("cache-holder"), 64L << 20, Clock.systemUTC());
    ImageCache fetcher =
        ImageCache.open(tmp.resolve("cache-fetcher"), 64L << 20, Clock.systemUTC());
    try (var proxy =
            new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CUT, Long.MAX_VALUE, 0);
        var peer =
            PeerChunkServer.start(new InetSocketAddress("127.0.0.1", 0), tls(host), holder, 4)) {
      holder.fetchByDigest(sha256, via(proxy), List.of());
      // The holder advertises in the DHT; the fetcher, on another node, finds it there.
      URI holderUri = URI.create("https://127.0.0.1:" + peer.address().getPort());
      new ImageHolders(dht.get(1).node(), Duration.ofMinutes(5), Clock.systemUTC())
          .advertise(sha256, holderUri)
          .get(10, TimeUnit.SECONDS);
      List<URI> found =
          new ImageHolders(dht.get(2).node(), Duration.ofMinutes(5), Clock.systemUTC())
              .holders(sha256, URI.create("https://127.0.0.1:1"))
              .get(10, TimeUnit.SECONDS);
      assertTrue(found.contains(holderUri), found::toString); // (other tests' holders too)
      var fromPeer = new PeerChunkSource(holderUri, tls(other));
      BrokerBlobs otherBroker =
          new BrokerBlobs(
              URI.create("http://127.0.0.1:" + proxy.port()),
              other.hostId(),
              other.hostKey(),
              Clock.systemUTC());
      Path file = fetcher.fetchByDigest(sha256, otherBroker, List.of(fromPeer));
      assertArrayEquals(image, Files.readAllBytes(file));
      System.out.println(
          "peer served " + peer.rangesServed() + " of 17 chunks: " + fetcher.lastChunkedFetch());
      assertTrue(peer.rangesServed() >= 4, () -> "peer served " + peer.rangesServed());
      assertEquals(0, fetcher.lastChunkedFetch().retries());

      // A peer without the image answers 404: every chunk still arrives, from the broker.
      ImageCache third = ImageCache.open(tmp.resolve("cache-third"), 64L << 20, Clock.systemUTC());
      try (var empty =
          PeerChunkServer.start(
              new InetSocketAddress("127.0.0.1", 0),
              tls(host),
              ImageCache.open(tmp.resolve("cache-empty"), 1 << 20, Clock.systemUTC()),
              4)) {
        var useless =
            new PeerChunkSource(
                URI.create("https://127.0.0.1:" + empty.address().getPort()), tls(other));
        assertArrayEquals(
            image, Files.readAllBytes(third.fetchByDigest(sha256, otherBroker, List.of(useless))));
        assertTrue(third.lastChunkedFetch().retries() >= 1);
      }
    }
  }

  @Test
  void aSwarmFetchUsesAdvertisedHoldersAndThenAdvertisesItself() throws Exception {
    HostIdentity second = broker.enroll(tmp.resolve("host-s"), "swarm-host");
    ImageCache first = ImageCache.open(tmp.resolve("swarm-1"), 64L << 20, Clock.systemUTC());
    ImageCache next = ImageCache.open(tmp.resolve("swarm-2"), 64L << 20, Clock.systemUTC());
    try (var proxy =
            new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CUT, Long.MAX_VALUE, 0);
        var firstServer =
            PeerChunkServer.start(new InetSocketAddress("127.0.0.1", 0), tls(host), first, 4);
        var nextServer =
            PeerChunkServer.start(new InetSocketAddress("127.0.0.1", 0), tls(second), next, 4)) {
      URI firstUri = URI.create("https://127.0.0.1:" + firstServer.address().getPort());
      URI nextUri = URI.create("https://127.0.0.1:" + nextServer.address().getPort());
      var firstSwarm =
          new ImageSwarm(
              first,
              via(proxy),
              new ImageHolders(dht.get(1).node(), Duration.ofMinutes(5), Clock.systemUTC()),
              firstUri,
              tls(host),
              4);
      BrokerBlobs secondBroker =
          new BrokerBlobs(
              URI.create("http://127.0.0.1:" + proxy.port()),
              second.hostId(),
              second.hostKey(),
              Clock.systemUTC());
      var nextSwarm =
          new ImageSwarm(
              next,
              secondBroker,
              new ImageHolders(dht.get(2).node(), Duration.ofMinutes(5), Clock.systemUTC()),
              nextUri,
              tls(second),
              4);
      firstSwarm.fetch(sha256); // from the broker (and any holder an earlier test left)
      // The swarm does not wait for the DHT (a slow look-up only means the broker alone): so that
      // the next host knows the first one as a holder, it is findable from the next host's node
      // first (that also rids the node's table of the dead nodes earlier tests left).
      awaitHolder(dht.get(2).node(), firstUri);
      assertArrayEquals(image, Files.readAllBytes(nextSwarm.fetch(sha256)));
      assertTrue(firstServer.rangesServed() >= 1, () -> "served " + firstServer.rangesServed());
      long deadline = System.currentTimeMillis() + 5000;
      List<URI> holders;
      do {
        holders =
            new ImageHolders(dht.get(0).node(), Duration.ofMinutes(5), Clock.systemUTC())
                .holders(sha256, URI.create("https://127.0.0.1:1"))
                .get(10, TimeUnit.SECONDS);
      } while (!holders.contains(nextUri) && System.currentTimeMillis() < deadline);
      assertTrue(holders.containsAll(List.of(firstUri, nextUri)), holders::toString);
    }
  }

  @Test
  void tenHostsFetchOneImageAsASwarm() throws Exception {
    byte[] big = new byte[4 << 20];
    new Random(99).nextBytes(big);
    String digest = upload(customer, big);
    int hosts = 10;
    List<UdpDhtNode> nodes = new java.util.ArrayList<>();
    List<PeerChunkServer> servers = new java.util.ArrayList<>();
    List<ImageCache> caches = new java.util.ArrayList<>();
    List<ImageSwarm> swarms = new java.util.ArrayList<>();
    try (var proxy =
        new FaultyProxy(broker.server().getPort(), FaultyProxy.Fault.CUT, Long.MAX_VALUE, 0)) {
      for (int i = 0; i < hosts; i++) {
        UdpDhtNode node =
            UdpDhtNode.start(
                DhtConfig.defaults().withRpcTimeoutMillis(300),
                NodeIdentity.uncertified(Ed25519KeyPair.generate(new SecureRandom())),
                MembershipPolicy.open(),
                new InetSocketAddress("127.0.0.1", 0));
        node.join(List.of(dht.get(0).address())).get(10, TimeUnit.SECONDS);
        nodes.add(node);
        // One enrolled identity for all ten (enrolling ten would only slow the test down).
        ImageCache cache = ImageCache.open(tmp.resolve("ten-" + i), 64L << 20, Clock.systemUTC());
        PeerChunkServer server =
            PeerChunkServer.start(new InetSocketAddress("127.0.0.1", 0), tls(host), cache, 8);
        caches.add(cache);
        servers.add(server);
        swarms.add(
            new ImageSwarm(
                cache,
                via(proxy),
                new ImageHolders(node.node(), Duration.ofMinutes(5), Clock.systemUTC()),
                URI.create("https://127.0.0.1:" + server.address().getPort()),
                tls(host),
                4));
      }
      // The first host fetches alone (from the broker); then the other nine at once, finding it
      // (and each other, as they finish) in the DHT. Holders advertise only when done (see docs).
      long started = System.nanoTime();
      assertArrayEquals(big, Files.readAllBytes(swarms.get(0).fetch(digest)));
      long firstMillis = (System.nanoTime() - started) / 1_000_000;
      var pool = java.util.concurrent.Executors.newFixedThreadPool(hosts);
      long rest = System.nanoTime();
      List<java.util.concurrent.Future<Path>> fetches = new java.util.ArrayList<>();
      for (int i = 1; i < hosts; i++) {
        ImageSwarm swarm = swarms.get(i);
        fetches.add(pool.submit(() -> swarm.fetch(digest)));
      }
      for (var f : fetches) {
        assertArrayEquals(big, Files.readAllBytes(f.get(60, TimeUnit.SECONDS)));
      }
      long restMillis = (System.nanoTime() - rest) / 1_000_000;
      pool.shutdownNow();
      long fromPeers = servers.stream().mapToLong(PeerChunkServer::bytesServed).sum();
      long total = (long) hosts * big.length;
      System.out.printf(
          "swarm: 1 host × %d MiB in %d ms, then %d hosts at once in %d ms; peers served %d of %d"
              + " MiB (%.0f%%)%n",
          big.length >> 20,
          firstMillis,
          hosts - 1,
          restMillis,
          fromPeers >> 20,
          total >> 20,
          100.0 * fromPeers / total);
      assertTrue(fromPeers > 0, "no chunk came from a peer");
    } finally {
      servers.forEach(PeerChunkServer::close);
      nodes.forEach(UdpDhtNode::close);
    }
  }

  private static void awaitHolder(io.xenia.dht.DhtNode node, URI holder) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    List<URI> found;
    do {
      found =
          new ImageHolders(node, Duration.ofMinutes(5), Clock.systemUTC())
              .holders(sha256, URI.create("https://127.0.0.1:1"))
              .get(10, TimeUnit.SECONDS);
    } while (!found.contains(holder) && System.currentTimeMillis() < deadline);
    assertTrue(found.contains(holder), found::toString);
  }

  private static SSLContext tls(HostIdentity id) {
    return MutualTls.context(
        id.tlsKey(), id.tlsCertificate(), id.caCertificates(), serial -> false);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
