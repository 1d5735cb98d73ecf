package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.dht.security.MembershipRole;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.cli.HostDaemonMain;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.netns.NetnsLeaks;
import io.xenia.hostdaemon.enroll.EnrolledDataDir;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Resources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's crash test with the real daemon and a real driver: {@code host-daemon run} (a child
 * JVM, enrolled, serving its mTLS control API) provisions a netns machine and is killed with
 * SIGKILL while the machine is provisioning, restarted, and must bring the session to running with
 * exactly one machine the customer logs into; then it is killed while the machine is being
 * released, restarted, and must finish the wipe and leave nothing behind. Three rounds kill at
 * different points of each step.
 */
class NetnsDaemonCrashTest {
  private static final String MACHINE = "ns-crash";
  private final List<RunProcess> children = new ArrayList<>();
  private Path dir;

  @AfterEach
  void stop() throws Exception {
    for (RunProcess p : children) {
      p.kill();
    }
    if (dir != null) {
      // A failed round may leave the machine up: a last daemon run would wipe it, the rm does not.
      CustomerKey.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }

  @Test
  void killedMidProvisionAndMidReleaseTheDaemonConvergesAndLeaksNothing() throws Exception {
    MachinePrerequisites.requireNetns("netns daemon crash test");
    dir = Files.createTempDirectory("xenia-netns-crash");
    CustomerKey customer = CustomerKey.generate(dir);
    TestCa hostCa = new TestCa("Xenia host CA");
    Path dataDir = dir.resolve("state");
    Ed25519KeyPair hostKey = EnrolledDataDir.hostKey(dataDir);
    String hostId = hostKey.publicKey().fingerprint();
    Ed25519KeyPair dhtCa = Ed25519KeyPair.generate(new SecureRandom());
    TestCa.Leaf tls = hostCa.issue("urn:xenia:host:crash");
    EnrolledDataDir.write(
        dataDir,
        tls.key().getPrivate(),
        tls.certificate(),
        hostCa.certificate(),
        EnrolledServicesTest.member(dhtCa, hostKey, MembershipRole.HOST).toJson(),
        URI.create("https://127.0.0.1:9/"),
        Duration.ofSeconds(1));
    Path netnsState = dir.resolve("netns");
    Path config = dir.resolve("inventory.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "daemon:",
            "  dataDir: state",
            "  reconcileIntervalMs: 100",
            "  controlApi: {bind: \"127.0.0.1:0\"}",
            "  dht: {bind: \"127.0.0.1:0\"}",
            "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}",
            "machines:",
            "  - id: " + MACHINE,
            "    driver: netns",
            "    location: {region: eu-west-1}",
            "    prices: {currency: EUR, perHour: 0.40}",
            "    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}",
            "    settings: {stateDir: " + netnsState + "}",
            ""));
    MachineSpec spec =
        new MachineSpec(
            MACHINE,
            "netns",
            Optional.empty(),
            Optional.empty(),
            new Facts(new Resources(1, 256, 1, 1000, 0, ""), 1, Set.of()),
            Map.of("stateDir", netnsState.toString()));

    BrokerClient broker = start(config, hostCa);
    List<String> killedIn = new ArrayList<>();
    // Delays after the step is seen: 0 kills at its very start, the others inside the driver work.
    int[][] rounds = {{0, 0}, {60, 20}, {180, 50}};
    for (int i = 0; i < rounds.length; i++) {
      String session = "s-crash-" + i;
      String admission =
          BrokerClient.admission(
              hostId,
              MACHINE,
              session,
              new Resources(1, 256, 1, 1000, 0, ""),
              "0.40",
              customer.publicKey());
      var admitted = broker.post("/v1/admissions", admission);
      assertEquals(201, admitted.statusCode(), admitted::body);
      assertEquals(202, broker.post("/v1/sessions/" + session + "/provision", "{}").statusCode());
      awaitState(broker, session, "provisioning", "running");
      Thread.sleep(rounds[i][0]);
      kill();
      killedIn.add("provision: " + storedState(dataDir));

      broker = start(config, hostCa);
      JsonNode running = awaitState(broker, session, "running");
      Endpoint endpoint =
          new Endpoint(running.path("sshHost").asText(), running.path("sshPort").asInt(), "root");
      assertEquals("up\n", customer.ssh(endpoint.host(), endpoint.port(), "echo up"), "round " + i);
      assertEquals(1, NetnsLeaks.namespaces(spec), "one namespace after the restart, round " + i);
      NetnsLeaks.Snapshot up = NetnsLeaks.snapshot(spec);
      assertEquals(1, up.forwarders(), "one SSH forwarder after the restart, round " + i);

      var terminated =
          broker.post("/v1/sessions/" + session + "/terminate", "{\"reason\":\"customer\"}");
      assertEquals(200, terminated.statusCode(), terminated::body);
      Thread.sleep(rounds[i][1]);
      kill();
      killedIn.add("release: " + storedState(dataDir));

      broker = start(config, hostCa);
      awaitState(broker, session, "released");
      NetnsLeaks.assertNothingLeft(spec, up, endpoint);
      JsonNode machines = BrokerClient.json(broker.get("/v1/status")).path("machines");
      assertEquals("ready", machines.path(MACHINE).asText(), machines.toString());
    }
    System.out.println("NetnsDaemonCrashTest: killed with the machine " + killedIn);
    // The point of the test: some kills must land inside the step, not after it.
    assertTrue(killedIn.contains("provision: provisioning"), killedIn.toString());
    assertTrue(killedIn.contains("release: releasing"), killedIn.toString());
    assertEquals(143, children.get(children.size() - 1).terminate());
    assertEquals(
        0,
        HostDaemonMain.commandLine().execute("audit", "verify", "--config", config.toString()),
        "the audit log of three crashed runs still verifies");
  }

  /** Starts {@code host-daemon run} and returns a broker client once its control API listens. */
  private BrokerClient start(Path config, TestCa hostCa) throws Exception {
    RunProcess p = RunProcess.start(config);
    children.add(p);
    return new BrokerClient(hostCa, "broker-a", p.controlPort());
  }

  /** The machine's lifecycle state as the killed daemon left it on disk. */
  private static String storedState(Path dataDir) throws Exception {
    Path file = dataDir.resolve("machines").resolve(MACHINE + ".json");
    return BrokerClient.JSON.readTree(Files.readString(file)).path("state").asText();
  }

  private void kill() throws Exception {
    children.get(children.size() - 1).kill();
  }

  private static JsonNode awaitState(BrokerClient broker, String session, String... states)
      throws Exception {
    List<String> wanted = List.of(states);
    JsonNode last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      last = BrokerClient.json(broker.get("/v1/sessions/" + session));
      if (wanted.contains(last.path("state").asText())) {
        return last;
      }
      Thread.sleep(5);
    }
    throw new AssertionError(session + " never reached " + wanted + "; last " + last);
  }
}
