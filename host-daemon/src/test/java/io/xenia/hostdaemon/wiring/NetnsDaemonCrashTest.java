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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern CONTROL = Pattern.compile("control API on [^,]*:(\\d+),");
  private static final String MACHINE = "ns-crash";
  private final List<Process> children = new ArrayList<>();
  private Path dir;

  @AfterEach
  void stop() throws Exception {
    for (Process p : children) {
      p.destroyForcibly().waitFor();
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
    children.get(children.size() - 1).destroy();
    assertTrue(children.get(children.size() - 1).waitFor(60, TimeUnit.SECONDS));
    assertEquals(
        0,
        HostDaemonMain.commandLine().execute("audit", "verify", "--config", config.toString()),
        "the audit log of three crashed runs still verifies");
  }

  /** Starts {@code host-daemon run} and returns a broker client once its control API listens. */
  private BrokerClient start(Path config, TestCa hostCa) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                HostDaemonMain.class.getName(),
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .start();
    children.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
      Matcher m = CONTROL.matcher(line);
      if (line.startsWith("host-daemon: enrolled as ") && m.find()) {
        // Keep draining the daemon's output so that it never blocks on a full pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discarded
                    }
                  } catch (java.io.IOException e) {
                    // the process ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new BrokerClient(hostCa, "broker-a", Integer.parseInt(m.group(1)));
      }
    }
    throw new AssertionError("the daemon ended before its control API listened: " + lines);
  }

  /** The machine's lifecycle state as the killed daemon left it on disk. */
  private static String storedState(Path dataDir) throws Exception {
    Path file = dataDir.resolve("machines").resolve(MACHINE + ".json");
    return BrokerClient.JSON.readTree(Files.readString(file)).path("state").asText();
  }

  /** SIGKILL: no shutdown hook, no clean stop, the store lock goes with the process. */
  private void kill() throws Exception {
    Process p = children.get(children.size() - 1);
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
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
