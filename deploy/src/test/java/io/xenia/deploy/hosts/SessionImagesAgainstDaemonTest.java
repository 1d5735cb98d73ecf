package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.testsupport.OpenSsh;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer images in sessions, end to end: a real broker, {@code host-daemon run} child processes
 * enrolled at it. The customer uploads a rootfs tar (with a marker file) in chunks; two fake-driver
 * hosts lease it one after the other and the second fetches part of it from the first (its audit
 * log's {@code image-ready} counts peer bytes); as root with the netns packages, a netns machine
 * boots it and the customer reads the marker over SSH, and a disk image for that netns machine is
 * refused at admission ({@code image-kind-unsupported}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionImagesAgainstDaemonTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final int CHUNK = 64 * 1024;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static CustomerUnderTest customer;
  private static String customerKey;
  private static String order;
  private static String imageId;
  private static String marker;
  private static Path keyFile;
  private static String publicKey;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            // Down only after 40 missed heartbeats (20 s): the restart test's broker is away for
            // seconds, and a restarted broker judges hosts by their last heartbeat before it.
            tmp,
            INTERVAL,
            20,
            40,
            Duration.ofMillis(100),
            Map.of("xenia.images.chunk-size", CHUNK));
    customer = CustomerUnderTest.register(broker, "Ivy Image", "100.00");
    customerKey = customer.key;
    order = customer.order("20.00");
    keyFile = tmp.resolve("customer_ed25519");
    OpenSsh.exec(
        List.of(
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ivy", "-f", keyFile.toString()));
    publicKey = Files.readString(Path.of(keyFile + ".pub")).strip();

    // The image: a root file system with a marker and some bulk, so it has several chunks.
    marker = "xenia-image-" + UUID.randomUUID();
    Path root = tmp.resolve("rootfs");
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("etc/xenia-image"), marker + "\n");
    byte[] bulk = new byte[400 * 1024];
    new Random(7).nextBytes(bulk);
    Files.write(root.resolve("bulk.bin"), bulk);
    Path tar = tmp.resolve("rootfs.tar");
    OpenSsh.exec(
        List.of("tar", "--format=ustar", "-c", "-f", tar.toString(), "-C", root.toString(), "."));
    imageId = upload("marker-rootfs", "rootfs", "rootfs", "tar", Files.readAllBytes(tar));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** Registers and uploads a one-part image in chunks; returns its id once available. */
  private static String upload(String name, String kind, String part, String format, byte[] bytes)
      throws Exception {
    JsonNode image =
        broker.call(
            "POST",
            "/v1/images",
            customerKey,
            Map.of(
                "name",
                name,
                "kind",
                kind,
                "parts",
                List.of(
                    Map.of(
                        "name",
                        part,
                        "sha256",
                        sha256(bytes),
                        "sizeBytes",
                        bytes.length,
                        "format",
                        format))),
            201);
    String id = image.path("id").asText();
    for (int i = 0; i * CHUNK < bytes.length; i++) {
      byte[] chunk = Arrays.copyOfRange(bytes, i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK));
      var put =
          HttpRequest.newBuilder(
                  broker.base().resolve("/v1/images/" + id + "/parts/" + part + "/chunks/" + i))
              .header("Authorization", "Bearer " + customerKey)
              .header("Content-Type", "application/octet-stream")
              .header(
                  "Content-Digest",
                  "sha-256=:"
                      + Base64.getEncoder()
                          .encodeToString(MessageDigest.getInstance("SHA-256").digest(chunk))
                      + ":")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
              .build();
      var answer = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer::body);
    }
    JsonNode done = broker.call("GET", "/v1/images/" + id, customerKey, null, 200);
    assertEquals("available", done.path("status").asText(), done::toString);
    return id;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static HostDaemonProcess daemon(String name, String machines) throws Exception {
    var dht = broker.server().getApplicationContext().getBean(SearchNetwork.class).address();
    Path dir = tmp.resolve(name);
    HOSTS.put(name, broker.enroll(dir.resolve("state"), name).hostId().toString());
    return HostDaemonProcess.start(
        dir.resolve("inventory.yaml"),
        HostDaemonProcess.inventory(dht.getPort(), "acct-operator-1", machines));
  }

  private static String fakeMachine(String id) {
    return String.join(
        "\n",
        "machines:",
        "  - id: " + id,
        "    driver: fake",
        "    location: {region: eu-west-1}",
        "    prices: {currency: EUR, perHour: 0.40}",
        "    facts: {cpuCores: 2, memoryMiB: 1024}",
        "");
  }

  private static final Map<String, String> HOSTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static String hostIdOf(String name) {
    return HOSTS.get(name);
  }

  private static CustomerUnderTest.Answer post(Map<String, Object> body) throws Exception {
    return customer.send("POST", "/v1/sessions", body);
  }

  private static Map<String, Object> lease(String hostId, String machineId, String image) {
    return Map.of(
        "purchaseOrderId", order,
        "hostId", hostId,
        "machineId", machineId,
        "imageId", image,
        "sshPublicKeys", List.of(publicKey),
        "durationSeconds", 600);
  }

  /** Leases, retrying while the machine's ad is not yet findable; returns the session id. */
  private static String leaseRunning(HostDaemonProcess daemon, String host, String machine)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    CustomerUnderTest.Answer a = post(lease(hostIdOf(host), machine, imageId));
    while (a.status() == 409 && System.nanoTime() < deadline) {
      assertTrue(daemon.isAlive(), daemon.output()::toString);
      Thread.sleep(200);
      a = post(lease(hostIdOf(host), machine, imageId));
    }
    CustomerUnderTest.Answer created = a;
    assertEquals(201, created.status(), () -> created.body() + "\n" + daemon.output());
    String id = created.body().path("sessions").get(0).path("id").asText();
    assertEquals(imageId, created.body().path("sessions").get(0).path("imageId").asText());
    JsonNode s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!s.path("state").asText().equals("running")
        && !s.path("state").asText().equals("failed")
        && System.nanoTime() < until) {
      Thread.sleep(50);
      s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
    }
    JsonNode last = s;
    assertEquals("running", s.path("state").asText(), () -> last + "\n" + daemon.output());
    return id;
  }

  private static final Pattern PEER_BYTES = Pattern.compile("\"peerBytes\"\\s*:\\s*\"?(\\d+)");

  /** The peer bytes the daemon's last {@code image-ready} audit entry counts. */
  private static long peerBytes(String host) throws Exception {
    List<String> lines = Files.readAllLines(tmp.resolve(host).resolve("state/audit.log"));
    long found = -1;
    for (String line : lines) {
      if (line.contains("image-ready")) {
        Matcher m = PEER_BYTES.matcher(line);
        assertTrue(m.find(), line);
        found = Long.parseLong(m.group(1));
      }
    }
    assertTrue(found >= 0, "no image-ready in the audit log: " + lines);
    return found;
  }

  @Test
  @Order(1)
  void twoHostsLeaseTheImageAndTheSecondFetchesPartOfItFromTheFirst() throws Exception {
    try (var first = daemon("image-host-1", fakeMachine("f1"));
        var second = daemon("image-host-2", fakeMachine("f2"))) {
      long t0 = System.nanoTime();
      String a = leaseRunning(first, "image-host-1", "f1");
      long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(0, peerBytes("image-host-1"), "the first host had no peer to fetch from");
      t0 = System.nanoTime();
      String b = leaseRunning(second, "image-host-2", "f2");
      long secondMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      long fromPeer = peerBytes("image-host-2");
      assertTrue(fromPeer > 0, "the second host fetched chunks from the first: " + fromPeer);
      System.out.println(
          "SessionImagesAgainstDaemonTest: first host running "
              + firstMs
              + " ms after asking, second "
              + secondMs
              + " ms, "
              + fromPeer
              + " bytes of the second's image from the first host");
      broker.call("DELETE", "/v1/sessions/" + a, customerKey, null, 200);
      broker.call("DELETE", "/v1/sessions/" + b, customerKey, null, 200);
    }
  }

  @Test
  @Order(2)
  void aNetnsMachineBootsTheCustomersRootfsAndRefusesADiskImage() throws Exception {
    MachinePrerequisites.requireNetns("the netns image session test");
    Path state = tmp.resolve("netns-image-host").resolve("netns");
    try (var netns =
        daemon(
            "netns-image-host",
            String.join(
                "\n",
                "machines:",
                "  - id: ns-1",
                "    driver: netns",
                "    location: {region: eu-west-1}",
                "    prices: {currency: EUR, perHour: 0.40}",
                "    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}",
                "    settings: {stateDir: " + state + "}",
                ""))) {
      String id = leaseRunning(netns, "netns-image-host", "ns-1");
      JsonNode c =
          broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200).path("connection");
      String seen =
          OpenSsh.run(
              keyFile,
              c.path("user").asText(),
              c.path("host").asText(),
              c.path("port").asInt(),
              "read x < /etc/xenia-image; echo \"$x\"");
      assertEquals(marker, seen.strip(), "the machine runs from the customer's image");
      broker.call("DELETE", "/v1/sessions/" + id, customerKey, null, 200);

      // A whole-disk image cannot boot in a netns machine: refused at admission, no session.
      byte[] disk = new byte[CHUNK + 512];
      new Random(3).nextBytes(disk);
      disk[510] = 0x55;
      disk[511] = (byte) 0xAA;
      String diskImage = upload("a-disk", "disk", "disk", "raw", disk);
      CustomerUnderTest.Answer refused =
          post(lease(hostIdOf("netns-image-host"), "ns-1", diskImage));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (refused.status() == 409
          && !refused.body().toString().contains("image-kind-unsupported")
          && System.nanoTime() < deadline) {
        Thread.sleep(200); // the machine is being wiped after the first session
        refused = post(lease(hostIdOf("netns-image-host"), "ns-1", diskImage));
      }
      CustomerUnderTest.Answer last = refused;
      assertEquals(409, last.status(), last::toString);
      assertEquals(
          "urn:xenia:problem:no-machine-available",
          last.body().path("type").asText(),
          last::toString);
      assertTrue(
          last.body().path("detail").asText().contains("image-kind-unsupported"),
          last.body()::toString);
      assertTrue(
          last.body().path("detail").asText().contains("netns machine boots rootfs images"),
          last.body()::toString);
    }
  }

  @Test
  @Order(3)
  void aSessionLeftAdmittedAcrossABrokerRestartIsProvisionedWithItsImage() throws Exception {
    try (var host = daemon("restart-host", fakeMachine("f3"))) {
      String id = leaseRunning(host, "restart-host", "f3");
      // Where a broker that stopped right after admission leaves a session: admitted, no address.
      // (The host already has the request, so it answers from its record — and refuses a repeat
      // that names another image than the one it provisions, as the restarted broker's default
      // used to be.)
      try (var c = broker.jdbc();
          var st =
              c.prepareStatement(
                  "UPDATE session SET state = 'admitted', ssh_host = NULL, ssh_port = NULL,"
                      + " ssh_user = NULL WHERE id = ?")) {
        st.setObject(1, UUID.fromString(id));
        assertEquals(1, st.executeUpdate());
      }
      long t0 = System.nanoTime();
      broker = broker.restart();
      JsonNode s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!s.path("state").asText().equals("running")
          && !s.path("state").asText().equals("failed")
          && System.nanoTime() < until) {
        Thread.sleep(50);
        s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
      }
      JsonNode last = s;
      assertEquals("running", s.path("state").asText(), () -> last + "\n" + host.output());
      assertEquals(imageId, s.path("imageId").asText());
      JsonNode events =
          broker.call("GET", "/v1/sessions/" + id + "/events", customerKey, null, 200);
      assertTrue(
          events.toString().contains(imageId), "the requested event names the image: " + events);
      System.out.println(
          "SessionImagesAgainstDaemonTest: admitted session running again "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
              + " ms after the broker restart began, with image "
              + imageId);
      broker.call("DELETE", "/v1/sessions/" + id, customerKey, null, 200);
    }
  }
}
