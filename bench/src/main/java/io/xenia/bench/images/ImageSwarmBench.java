package io.xenia.bench.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.dht.DhtConfig;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.enroll.EnrollCommand;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import io.xenia.hostdaemon.images.BrokerBlobs;
import io.xenia.hostdaemon.images.ChunkSource;
import io.xenia.hostdaemon.images.ImageCache;
import io.xenia.hostdaemon.images.ImageHolders;
import io.xenia.hostdaemon.images.ImageSwarm;
import io.xenia.hostdaemon.images.PeerChunkServer;
import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.tls.MutualTls;
import io.xenia.testsupport.PostgresServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;

/**
 * One image to N hosts on this machine (issue 5 §3: 100 hosts in under 10 s), against the same-run
 * baseline of all N fetching from the broker's store alone.
 *
 * <p>What a "host" is here: the image stack of a host daemon — its own {@link ImageCache}
 * directory, its own search-dht node and its own {@link PeerChunkServer} (host-CA mTLS), each bound
 * to its own loopback address 127.0.1.i — all in this one JVM, beside one real broker (embedded
 * PostgreSQL, the real blob store and signed range reads). Not N daemons: N JVMs (or N network
 * namespaces, each needing its own process) do not fit 2 cores; the fetch path — manifest, chunk
 * ranges, verification, DHT holder lookups, peer TLS — is the daemon's own code. All hosts share
 * one enrolled identity (enrolling N would only slow the setup). Since one JVM owns all hosts, Java
 * HttpClient's host-name check is off for the peer certificates (they name 127.0.0.1).
 *
 * <p>Phases, each with fresh caches: {@code broker-only} (all N at once, broker alone), {@code
 * swarm} (all N at once through {@link ImageSwarm}: holders from the DHT, chunks from peers and the
 * broker). Each phase runs {@code --rounds} times. Prints wall time until the last host holds the
 * verified file, the broker's and peers' bytes, CPU seconds of the process.
 *
 * <p>Usage: {@code ImageSwarmBench [--hosts 100] [--size-mib 4] [--chunk-kib 1024] [--rounds 2]
 * [--max-peers 8] [--peer-slots 8] [--baseline 1]}.
 */
public final class ImageSwarmBench {
  static {
    // Before any HttpClient exists (it reads this once): the peers' certificates name 127.0.0.1.
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ImageSwarmBench() {}

  record Options(
      int hosts, int sizeMib, int chunkKib, int rounds, int maxPeers, int peerSlots, int baseline) {
    static Options parse(String[] args) {
      Map<String, Integer> o =
          new HashMap<>(
              Map.of(
                  "--hosts", 100,
                  "--size-mib", 4,
                  "--chunk-kib", 1024,
                  "--rounds", 2,
                  "--max-peers", 8,
                  "--peer-slots", 8,
                  "--baseline", 1));
      for (int i = 0; i < args.length; i += 2) {
        if (!o.containsKey(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown option " + args[i] + "; have " + o.keySet());
        }
        o.put(args[i], Integer.parseInt(args[i + 1]));
      }
      return new Options(
          o.get("--hosts"),
          o.get("--size-mib"),
          o.get("--chunk-kib"),
          o.get("--rounds"),
          o.get("--max-peers"),
          o.get("--peer-slots"),
          o.get("--baseline"));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("image-swarm-bench");
    say(
        "image swarm bench: %s; %d cores; load average %.1f; Java %s",
        options,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"));
    int exit = 0;
    try (PostgresServer postgres = PostgresServer.builder().start()) {
      String adminToken = ApiKeyToken.generate(UUID.randomUUID()).value();
      Map<String, Object> p = new HashMap<>();
      p.put("micronaut.server.port", -1);
      p.put("micronaut.server.host", "127.0.0.1");
      p.put("xenia.database.url", postgres.createDatabase("image_bench"));
      p.put("xenia.database.user", postgres.user());
      p.put("xenia.database.password", postgres.password());
      p.put("xenia.bootstrap.admin.api-key", adminToken);
      // Enrollment needs the search CA (it certifies the host's DHT membership).
      p.put("xenia.search.node-key-file", work.resolve("search/node-key.pem").toString());
      p.put("xenia.search.ca-key-file", work.resolve("search/ca-key.pem").toString());
      p.put("xenia.images.dir", work.resolve("broker-images").toString());
      p.put("xenia.images.chunk-size", options.chunkKib() * 1024);
      EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p);
      try (ApplicationContext broker = server.getApplicationContext()) {
        URI base = URI.create("http://127.0.0.1:" + server.getPort());
        String customer =
            call(
                    base,
                    "POST",
                    "/v1/accounts",
                    null,
                    Map.of(
                        "kind", "customer", "name", "Bench Image", "contactEmail", "b@example.com"))
                .path("apiKey")
                .path("token")
                .asText();
        byte[] image = new byte[options.sizeMib() << 20];
        new Random(42).nextBytes(image);
        image[510] = 0x55;
        image[511] = (byte) 0xAA;
        String sha256 = upload(base, customer, image, options.chunkKib() * 1024);
        HostIdentity host = enroll(base, work.resolve("host"));
        say(
            "image: %d MiB, sha256 %s…, chunks of %d KiB",
            options.sizeMib(), sha256.substring(0, 12), options.chunkKib());
        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
          // --baseline 0 skips the broker-only phase (e.g. to profile the swarm alone).
          Result baseline =
              options.baseline() == 0
                  ? new Result(1, 0, 0, 0, 0)
                  : run(
                      false,
                      options,
                      work.resolve("r" + round + "-base"),
                      base,
                      host,
                      sha256,
                      image);
          Result swarm =
              run(true, options, work.resolve("r" + round + "-swarm"), base, host, sha256, image);
          rows.add(
              String.format(
                  "round %d: broker-only %s | swarm %s | swarm/broker-only time %.2f",
                  round, baseline, swarm, (double) swarm.millis / baseline.millis));
          say("%s", rows.get(rows.size() - 1));
        }
        say(
            "summary (%d hosts, %d MiB image, %d KiB chunks):",
            options.hosts(), options.sizeMib(), options.chunkKib());
        rows.forEach(r -> say("  %s", r));
      } finally {
        server.close();
      }
    } catch (RuntimeException | AssertionError e) {
      e.printStackTrace();
      exit = 1;
    }
    System.exit(exit);
  }

  record Result(long millis, long brokerBytes, long peerBytes, double cpuSeconds, int retries) {
    @Override
    public String toString() {
      long total = brokerBytes + peerBytes;
      return String.format(
          "%d ms (broker %d MiB, peers %d MiB = %.0f%%, %d retries, CPU %.1f s)",
          millis,
          brokerBytes >> 20,
          peerBytes >> 20,
          total == 0 ? 0.0 : 100.0 * peerBytes / total,
          retries,
          cpuSeconds);
    }
  }

  /** All hosts fetch at once; until the last holds the verified file. */
  private static Result run(
      boolean swarm,
      Options options,
      Path dir,
      URI base,
      HostIdentity host,
      String sha256,
      byte[] image)
      throws Exception {
    int n = options.hosts();
    SSLContext tls =
        MutualTls.context(
            host.tlsKey(), host.tlsCertificate(), host.caCertificates(), serial -> false);
    List<UdpDhtNode> nodes = new ArrayList<>();
    List<PeerChunkServer> servers = new ArrayList<>();
    List<ImageCache> caches = new ArrayList<>();
    List<ImageSwarm> swarms = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      BrokerBlobs blobs = new BrokerBlobs(base, host.hostId(), host.hostKey(), Clock.systemUTC());
      DhtConfig dht = DhtConfig.defaults().withRpcTimeoutMillis(500);
      for (int i = 0; i < n; i++) {
        String address = "127.0.1." + (i + 1);
        ImageCache cache = ImageCache.open(dir.resolve("host-" + i), 1L << 34, Clock.systemUTC());
        caches.add(cache);
        if (!swarm) {
          continue;
        }
        UdpDhtNode node =
            UdpDhtNode.start(
                dht,
                NodeIdentity.uncertified(Ed25519KeyPair.generate(new SecureRandom())),
                MembershipPolicy.open(),
                new InetSocketAddress(address, 0));
        if (!nodes.isEmpty()) {
          node.join(List.of(nodes.get(0).address())).get(10, TimeUnit.SECONDS);
        }
        nodes.add(node);
        PeerChunkServer peer =
            PeerChunkServer.start(
                new InetSocketAddress(address, 0), tls, cache, options.peerSlots());
        servers.add(peer);
        swarms.add(
            new ImageSwarm(
                cache,
                blobs,
                new ImageHolders(node.node(), Duration.ofMinutes(5), Clock.systemUTC()),
                URI.create("https://" + address + ":" + peer.address().getPort()),
                tls,
                options.maxPeers()));
      }
      double cpuBefore = cpuSeconds();
      long started = System.nanoTime();
      List<Future<Path>> fetches = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int h = i;
        fetches.add(
            pool.submit(
                () ->
                    swarm
                        ? swarms.get(h).fetch(sha256)
                        : caches.get(h).fetchByDigest(sha256, blobs, List.<ChunkSource>of())));
      }
      for (Future<Path> f : fetches) {
        f.get(10, TimeUnit.MINUTES);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      double cpu = cpuSeconds() - cpuBefore;
      long all = 0;
      long peers = 0;
      int retries = 0;
      for (ImageCache c : caches) {
        all += Long.parseLong(c.counters().get("chunkedBytes"));
        peers += Long.parseLong(c.counters().get("peerBytes"));
        retries += c.lastChunkedFetch() == null ? 0 : c.lastChunkedFetch().retries();
      }
      // Every host holds exactly the image.
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(image);
      for (ImageCache c : caches) {
        byte[] got =
            MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(c.held(sha256).orElseThrow()));
        if (!Arrays.equals(expected, got)) {
          throw new AssertionError("a host holds other bytes");
        }
      }
      return new Result(millis, all - peers, peers, cpu, retries);
    } finally {
      pool.shutdownNow();
      servers.forEach(PeerChunkServer::close);
      nodes.forEach(UdpDhtNode::close);
    }
  }

  private static double cpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static HostIdentity enroll(URI base, Path dir) throws Exception {
    JsonNode operator =
        call(
            base,
            "POST",
            "/v1/accounts",
            null,
            Map.of(
                "kind",
                "host-operator",
                "name",
                "Bench Operator",
                "contactEmail",
                "o@example.com"));
    String key = operator.path("apiKey").path("token").asText();
    String token =
        call(base, "POST", "/v1/hosts/enrollment-tokens", key, Map.of()).path("token").asText();
    int exit =
        new CommandLine(new EnrollCommand())
            .execute(
                "--broker",
                base.toString(),
                "--token",
                token,
                "--data-dir",
                dir.toString(),
                "--name",
                "bench-host",
                "--tls-name",
                "127.0.0.1");
    if (exit != 0) {
      throw new IllegalStateException("enroll exited " + exit);
    }
    return new IdentityFiles(dir).load();
  }

  private static String upload(URI base, String customer, byte[] bytes, int chunk)
      throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    String id =
        call(
                base,
                "POST",
                "/v1/images",
                customer,
                Map.of(
                    "name",
                    "bench-disk",
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
                            "raw"))))
            .path("id")
            .asText();
    for (int i = 0; (long) i * chunk < bytes.length; i++) {
      byte[] c = Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk));
      var put =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/v1/images/" + id + "/parts/disk/chunks/" + i))
                  .header("Authorization", "Bearer " + customer)
                  .header("Content-Type", "application/octet-stream")
                  .header(
                      "Content-Digest",
                      "sha-256=:"
                          + Base64.getEncoder()
                              .encodeToString(MessageDigest.getInstance("SHA-256").digest(c))
                          + ":")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(c))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() != 200) {
        throw new IllegalStateException("chunk " + i + ": " + put.body());
      }
    }
    return digest;
  }

  private static JsonNode call(URI base, String method, String path, String key, Object body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static void say(String format, Object... args) {
    System.out.printf(format + "%n", args);
    System.out.flush();
  }
}
