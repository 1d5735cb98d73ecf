package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.Xenia;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code xenia} command line's happy path on a real marketplace: a real broker and {@code
 * host-daemon run} (fake machines) as a child process. {@code sessions create} follows the session
 * to running and prints the SSH command; {@code ssh --print}, {@code show --events}, {@code list},
 * {@code end} (reason customer) follow.
 */
class CliSessionAgainstDaemonTest {
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static HostDaemonProcess daemon;
  private static Path config;
  private static Path sshKey;
  private static String order;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start(tmp, Duration.ofMillis(500), 2, 4, Duration.ofMillis(100));
    Path dir = tmp.resolve("host");
    BrokerUnderTest.Host host =
        broker.startHost(
            dir,
            "cli-host",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 0.40}",
            "machines:",
            "  - id: c1",
            "    facts: {cpuCores: 2, memoryMiB: 1024}");
    daemon = host.daemon();
    JsonNode customer =
        broker.call(
            "POST",
            "/v1/accounts",
            null,
            Map.of("kind", "customer", "name", "Cliff Cli", "contactEmail", "cliff@example.com"),
            201);
    String key = customer.path("apiKey").path("token").asText();
    String id = customer.path("account").path("id").asText();
    broker.call(
        "POST",
        "/v1/accounts/" + id + "/deposits",
        broker.adminKey(),
        Map.of("amount", Map.of("amount", "50.00", "currency", "EUR"), "externalReference", "cli"),
        201);
    order =
        broker
            .call(
                "POST",
                "/v1/purchase-orders",
                key,
                Map.of(
                    "amountLimit", Map.of("amount", "10.00", "currency", "EUR"),
                    "expiresAt", Instant.now().plus(Duration.ofDays(2)).toString()),
                201)
            .path("id")
            .asText();
    config = tmp.resolve("xenia/config.json");
    sshKey = tmp.resolve("id_ed25519.pub");
    Files.writeString(sshKey, openSsh(Ed25519KeyPair.generate(new SecureRandom())) + "\n");
    Xenia.Outcome login = xenia("login", "--api", broker.base().toString(), "--key", key);
    assertEquals(0, login.exit(), login::toString);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (daemon != null) {
      daemon.kill();
    }
    if (broker != null) {
      broker.close();
    }
  }

  static Xenia.Outcome xenia(String... args) {
    return Xenia.runCapturing(Map.of("XENIA_CONFIG", config.toString()), args);
  }

  private static String openSsh(Ed25519KeyPair key) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
    out.writeInt(type.length);
    out.write(type);
    out.writeInt(32);
    out.write(key.publicKey().bytes());
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(bytes.toByteArray()) + " cliff";
  }

  @Test
  void createFollowsToRunningThenSshShowListEnd() throws Exception {
    long started = System.nanoTime();
    // The daemon's ad reaches the search index shortly after it starts: until then, exit 4.
    Xenia.Outcome created;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    do {
      assertTrue(daemon.isAlive(), daemon.output()::toString);
      created =
          xenia(
              "sessions",
              "create",
              "--order",
              order,
              "--query",
              "cpu>=2",
              "--duration",
              "1h",
              "--ssh-key",
              sshKey.toString(),
              "--timeout",
              "60s");
      if (created.exit() == 4 && created.err().contains("no-machine-available")) {
        Thread.sleep(300);
      } else {
        break;
      }
    } while (System.nanoTime() < deadline);
    Xenia.Outcome c = created;
    assertEquals(0, c.exit(), () -> c + "\n" + daemon.output());
    assertTrue(c.out().contains("running"), c::toString);
    assertTrue(c.out().contains("ssh -p "), c::toString);
    // Not a terminal: the events as plain lines on stderr, up to running.
    assertTrue(c.err().contains("admitted") && c.err().contains("running"), c::toString);
    long followedMs = (System.nanoTime() - started) / 1_000_000;
    String id = c.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

    Xenia.Outcome ssh = xenia("ssh", id, "--print", "-i", "/k", "--", "true");
    assertEquals(0, ssh.exit(), ssh::toString);
    assertTrue(ssh.out().matches("ssh -p \\d+ -i /k \\S+@\\S+ -- true\\s*"), ssh::toString);

    Xenia.Outcome show = xenia("sessions", "show", id, "--events");
    assertEquals(0, show.exit(), show::toString);
    assertTrue(
        show.out().contains("provisioning") && show.out().contains("running"), show::toString);
    // The agreement the daemon signed and the broker countersigned, verified by the CLI itself.
    Xenia.Outcome agreement = xenia("sessions", "agreement", id, "--verify");
    assertEquals(0, agreement.exit(), agreement::toString);
    assertTrue(agreement.out().contains("verified"), agreement::toString);
    assertTrue(agreement.out().contains("0.40 EUR/h"), agreement::toString);
    Xenia.Outcome list = xenia("sessions", "list", "--state", "running", "-o", "json");
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().contains(id), list::toString);

    Xenia.Outcome end = xenia("sessions", "end", id, "-o", "json");
    assertEquals(0, end.exit(), end::toString);
    JsonNode ended = BrokerUnderTest.JSON.readTree(end.out());
    assertEquals("ended", ended.path("state").asText(), end::toString);
    assertEquals("customer", ended.path("endReason").asText(), end::toString);
    Xenia.Outcome sshEnded = xenia("ssh", id);
    assertEquals(4, sshEnded.exit(), sshEnded::toString);
    assertTrue(sshEnded.err().contains("ended (customer)"), sshEnded::toString);
    System.err.printf(
        "xenia sessions create → running in %d ms (incl. waiting for the ad)%n", followedMs);
  }
}
