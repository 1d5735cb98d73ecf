package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.enroll.HostIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker learns from the daemons' lifecycle event streams: with its status polls and its host
 * watch set to an hour, a session still reaches running, and a machine its host takes back still
 * ends with host-reclaimed, within moments; and a broker restarted right after admitting a session
 * picks it up (admitted or provisioning, whichever it was) and brings it to running, while its
 * hosts, whose heartbeats went nowhere during the restart, are not declared down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostEventStreamsTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static HostDaemonProcess daemon;
  private static HostIdentity identity;
  private static CustomerUnderTest customer;
  private static String order;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            tmp,
            INTERVAL,
            2,
            4,
            Duration.ofMillis(100),
            Map.of(
                // Polls and the watch out of the way: what happens below comes from the streams.
                "xenia.sessions.status-poll-interval", "1h",
                "xenia.sessions.watch-interval", "1h",
                "xenia.sessions.host-events.refresh-interval", "300ms",
                "xenia.sessions.host-events.reconnect-delay", "200ms"));
    Path dir = tmp.resolve("host");
    BrokerUnderTest.Host host =
        broker.startHost(
            dir,
            "streaming-host",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 0.40}",
            "machines:",
            "  - id: s1",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            "  - id: s2",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            "  - id: s3",
            "    facts: {cpuCores: 2, memoryMiB: 1024}");
    identity = host.identity();
    daemon = host.daemon();
    customer = CustomerUnderTest.register(broker, "Sam Stream", "100.00");
    customer.describeFailuresWith(daemon.output()::toString);
    order = customer.order("20.00");
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

  private static JsonNode lease() throws Exception {
    return customer
        .createSession(
            Map.of(
                "purchaseOrderId",
                order,
                "query",
                "cpu>=2",
                "sshPublicKeys",
                List.of(customer.sshPublicKey),
                "durationSeconds",
                3600))
        .path("sessions")
        .get(0);
  }

  private static List<String> kinds(String id) throws Exception {
    List<String> kinds = new ArrayList<>();
    customer.get("/v1/sessions/" + id + "/events").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  @Test
  @Order(1)
  void aSessionRunsWithoutStatusPollsBecauseTheHostStreamedIt() throws Exception {
    String id = lease().path("id").asText();
    long t0 = System.nanoTime();
    JsonNode running = customer.awaitState(id, "running", Duration.ofSeconds(20));
    assertEquals("running", running.path("state").asText(), running::toString);
    assertTrue(running.path("connection").path("port").asInt() > 0, running::toString);
    System.out.println(
        "HostEventStreamsTest: running "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
            + " ms after the 201, with status polls every hour");
  }

  @Test
  @Order(2)
  void aMachineTheHostTakesBackEndsHostReclaimedFromTheStream() throws Exception {
    String id = lease().path("id").asText();
    assertEquals(
        "running",
        customer.awaitState(id, "running", Duration.ofSeconds(20)).path("state").asText());
    broker.terminateAtHost(identity.hostId(), id, "operator-maintenance");
    long t0 = System.nanoTime();
    JsonNode ended = customer.awaitState(id, "ended", Duration.ofSeconds(10));
    assertEquals("host-reclaimed", ended.path("endReason").asText(), ended::toString);
    System.out.println(
        "HostEventStreamsTest: host-reclaimed "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
            + " ms after the host's terminate, with the host watch every hour");
  }

  @Test
  @Order(3)
  void aBrokerRestartedRightAfterAdmissionBringsTheSessionToRunning() throws Exception {
    String id = lease().path("id").asText();
    String left = customer.get("/v1/sessions/" + id).path("state").asText();
    long t0 = System.nanoTime();
    broker = broker.restart();
    customer.on(broker);
    long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    JsonNode running = customer.awaitState(id, "running", Duration.ofSeconds(30));
    assertEquals("running", running.path("state").asText(), () -> running + "\n" + daemon.output());
    List<String> kinds = kinds(id);
    assertEquals(1, kinds.stream().filter("admitted"::equals).count(), kinds::toString);
    assertEquals(1, kinds.stream().filter("running"::equals).count(), kinds::toString);
    // The restart took longer than the down window (2 s), yet the host stayed up.
    Thread.sleep(INTERVAL.multipliedBy(6).toMillis());
    assertEquals("up", broker.status(identity.hostId()));
    assertEquals("running", customer.get("/v1/sessions/" + id).path("state").asText());
    System.out.println(
        "HostEventStreamsTest: broker restarted in "
            + restartMs
            + " ms with the session "
            + left
            + "; running "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
            + " ms after the restart began; events "
            + kinds);
  }
}
