package io.xenia.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.sessions.Charging;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher for real: embedded PostgreSQL, the Kafka child JVM and the broker over HTTP. */
class LocalPlatformTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aRestartOnTheSameDataDirectoryFindsTheAccountTheBalanceAndTheAdminKey(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path dataDir = tmp.resolve("data");
    int port = DataDirectory.freePort();
    String accountId;
    String customerKey;
    String adminKey;

    try (RunningPlatform platform = launcher(dataDir, port).start(LocalPlatformTest::log)) {
      log("running at " + platform.apiUrl());
      assertEquals(Charging.METERED, platform.charging(), "billing charges by default");
      assertTrue(overrunListener(platform), "the broker listens for xenia_order_overrun");
      URI billing = platform.billingUrl().orElseThrow();
      assertEquals(
          "UP",
          new Http(billing).get("/health", null, 200).path("status").asText(),
          "billing is up");
      assertEquals("http://127.0.0.1:" + port, platform.apiUrl().toString());
      assertTrue(platform.dhtAddress().orElseThrow().startsWith("127.0.0.1:"));
      assertTrue(
          LocalPlatform.banner(platform, 0).contains(platform.dhtAddress().orElseThrow()),
          "the banner shows the DHT address");
      for (String key : List.of("node-key.pem", "ca-key.pem")) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("search").resolve(key))));
      }
      Http api = new Http(platform.apiUrl());
      adminKey = platform.adminApiKey();
      JsonNode registered =
          api.post(
              "/v1/accounts",
              null,
              Map.of("kind", "customer", "name", "Ada", "contactEmail", "ada@example.com"),
              201);
      accountId = registered.path("account").path("id").asText();
      customerKey = registered.path("apiKey").path("token").asText();
      api.post(
          "/v1/accounts/" + accountId + "/deposits",
          adminKey,
          Map.of(
              "amount",
              Map.of("amount", "100.00", "currency", "EUR"),
              "externalReference",
              "local-test-1"),
          201);
      api.post(
          "/v1/purchase-orders",
          customerKey,
          Map.of(
              "amountLimit",
              Map.of("amount", "60.00", "currency", "EUR"),
              "expiresAt",
              Instant.now().plus(1, ChronoUnit.DAYS).toString()),
          201);

      ProcessHandle kafka = platform.kafkaProcess();
      ProcessHandle postgres = platform.postgresProcess().orElseThrow();
      assertTrue(running(kafka) && running(postgres));
      assertTrue(platform.stop(), "stopped without errors");
      assertGone(kafka, postgres);
    }
    Path keyFile = dataDir.resolve(DataDirectory.ADMIN_KEY);
    assertEquals(adminKey, Files.readString(keyFile).strip());
    assertEquals(
        PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keyFile));

    // The second run in accrual charging: the broker charges itself, no billing service runs.
    try (RunningPlatform platform =
        launcher(dataDir, port, "--charging", "accrual").start(LocalPlatformTest::log)) {
      log("running again at " + platform.apiUrl());
      assertEquals(Charging.ACCRUAL, platform.charging());
      assertTrue(platform.billingUrl().isEmpty(), "no billing service in accrual charging");
      assertEquals(adminKey, platform.adminApiKey(), "the same admin key on every run");
      Http api = new Http(platform.apiUrl());
      JsonNode account = api.get("/v1/accounts/" + accountId, adminKey, 200);
      assertEquals("ada@example.com", account.path("contactEmail").asText());
      JsonNode eur = api.get("/v1/accounts/" + accountId + "/balances", customerKey, 200);
      assertEquals("40.00", eur.path("balances").path(0).path("available").path("amount").asText());
      assertEquals(
          "60.00", eur.path("balances").path(0).path("ringFenced").path("amount").asText());
      assertEquals(1, api.get("/v1/purchase-orders", customerKey, 200).path("items").size());

      ProcessHandle kafka = platform.kafkaProcess();
      ProcessHandle postgres = platform.postgresProcess().orElseThrow();
      platform.close();
      assertGone(kafka, postgres);
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void sigintStopsTheBrokerKafkaAndPostgresInOrderAndExitsCleanly(@TempDir Path tmp)
      throws Exception {
    Path dataDir = tmp.resolve("data");
    int port = DataDirectory.freePort();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                // Quicker to start on a small, busy machine; throughput does not matter here.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                LocalPlatform.class.getName(),
                "--data-dir",
                dataDir.toString(),
                "--port",
                Integer.toString(port),
                // The broker alone: the marketplace's hosts are LocalMarketplaceAcceptanceTest's.
                "--hosts",
                "0")
            .redirectErrorStream(true)
            .start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> readLines(launcher, output), "launcher-output");
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (!output.contains("Press Ctrl-C to stop.")) {
        assertTrue(launcher.isAlive(), () -> "the launcher exited:\n" + String.join("\n", output));
        assertTrue(System.nanoTime() < deadline, () -> "not ready:\n" + String.join("\n", output));
        Thread.sleep(100);
      }
      String adminKey = Files.readString(dataDir.resolve(DataDirectory.ADMIN_KEY)).strip();
      assertTrue(output.stream().anyMatch(l -> l.contains("Admin API key   " + adminKey)));
      assertTrue(output.stream().anyMatch(l -> l.contains("API             http://127.0.0.1:")));
      Http api = new Http(java.net.URI.create("http://127.0.0.1:" + port));
      // The bootstrap administrator and the billing service's account (broker migration V014).
      JsonNode accounts = api.get("/v1/accounts", adminKey, 200).path("items");
      assertEquals(2, accounts.size(), accounts::toString);
      assertTrue(accounts.toString().contains("Billing service"), accounts::toString);

      ProcessHandle kafka =
          launcher.toHandle().children().findFirst().orElseThrow(() -> new AssertionError("kafka"));
      ProcessHandle postgres =
          ProcessHandle.of(
                  Long.parseLong(
                      Files.readAllLines(dataDir.resolve("postgres/pgdata/postmaster.pid"))
                          .get(0)
                          .strip()))
              .orElseThrow();

      new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher stops");
      reader.join(5_000);
      String text = String.join("\n", output);
      assertEquals(0, launcher.exitValue(), text);
      int broker = text.indexOf("the broker stopped");
      int kafkaStopped = text.indexOf("Kafka stopped");
      int postgresStopped = text.indexOf("PostgreSQL stopped");
      assertTrue(0 < broker && broker < kafkaStopped && kafkaStopped < postgresStopped, text);
      assertTrue(text.contains("Xenia stopped cleanly"), text);
      assertGone(kafka, postgres);
      assertTrue(
          Files.readString(dataDir.resolve(DataDirectory.BROKER_LOG)).contains("AdminBootstrap"),
          "the broker's log is in the data directory, as text");
    } finally {
      launcher.destroyForcibly();
      output.forEach(line -> System.out.println("launcher> " + line));
    }
  }

  @Test
  void aTakenPortIsRefusedBeforeAnythingStarts(@TempDir Path tmp) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LaunchException refused =
          assertThrows(
              LaunchException.class,
              () -> launcher(tmp.resolve("data"), taken.getLocalPort()).start(line -> {}));
      assertTrue(
          refused.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1"),
          refused.getMessage());
      assertFalse(Files.exists(tmp.resolve("data")), "nothing was created");
    }
  }

  @Test
  void resetWipesADataDirectoryButRefusesAnyOtherDirectory(@TempDir Path tmp) throws IOException {
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("precious.txt"), "keep me");
    LaunchException refused =
        assertThrows(LaunchException.class, () -> DataDirectory.open(foreign, true));
    assertTrue(refused.getMessage().contains("refusing to delete it"), refused.getMessage());
    assertTrue(Files.exists(foreign.resolve("precious.txt")));

    Path data = tmp.resolve("data");
    String firstKey;
    try (DataDirectory directory = DataDirectory.open(data, false)) {
      firstKey = directory.adminApiKey();
      assertEquals(firstKey, directory.adminApiKey());
      Files.createDirectories(directory.postgres().resolve("pgdata"));
    }
    try (DataDirectory directory = DataDirectory.open(data, true)) {
      assertFalse(Files.exists(directory.postgres()));
      assertFalse(Files.exists(data.resolve(DataDirectory.ADMIN_KEY)));
      assertFalse(firstKey.equals(directory.adminApiKey()), "a new key after a reset");
    }
  }

  @Test
  void aDataDirectoryServesOneLauncherAtATime(@TempDir Path tmp) {
    try (DataDirectory first = DataDirectory.open(tmp, false)) {
      LaunchException refused =
          assertThrows(LaunchException.class, () -> DataDirectory.open(tmp, true));
      assertTrue(refused.getMessage().contains("is in use"), refused.getMessage());
      assertTrue(Files.exists(first.root().resolve(DataDirectory.MARKER)));
    }
    DataDirectory.open(tmp, false).close();
  }

  /** The launcher's progress lines, timed, in the test's output. */
  private static void log(String line) {
    System.out.println(Instant.now() + " xenia-local: " + line);
  }

  private static LocalPlatform launcher(Path dataDir, int port, String... more) {
    LocalPlatform launcher = new LocalPlatform();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--data-dir",
                dataDir.toString(),
                "--port",
                Integer.toString(port),
                "--hosts",
                "0"));
    args.addAll(List.of(more));
    new CommandLine(launcher).parseArgs(args.toArray(String[]::new));
    return launcher;
  }

  /** Whether a backend of the platform's database LISTENs for billing's overruns (waits 10 s). */
  private static boolean overrunListener(RunningPlatform platform) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      try (var db = platform.jdbc();
          var q =
              db.prepareStatement(
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND query ILIKE 'LISTEN%xenia_order_overrun%'")) {
        var rs = q.executeQuery();
        rs.next();
        if (rs.getLong(1) > 0) {
          return true;
        }
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void anUnknownChargingModeIsRefusedBeforeAnythingStarts(@TempDir Path tmp) {
    LaunchException refused =
        assertThrows(
            LaunchException.class,
            () -> launcher(tmp.resolve("data"), 0, "--charging", "monthly").start(line -> {}));
    assertTrue(refused.getMessage().contains("accrual or metered"), refused.getMessage());
    assertFalse(Files.exists(tmp.resolve("data")), "nothing was created");
  }

  private static void readLines(Process process, List<String> output) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(reading the output failed: " + e + ")");
    }
  }

  /**
   * Neither process runs any more, and no descendant of this JVM is Kafka or PostgreSQL. The
   * postmaster may take a few milliseconds more: {@code pg_ctl stop} returns once the postmaster
   * has removed its pid file, just before it exits.
   */
  private static void assertGone(ProcessHandle kafka, ProcessHandle postgres)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((running(kafka) || running(postgres)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(running(kafka), "the Kafka broker's JVM is gone");
    assertFalse(running(postgres), "the PostgreSQL postmaster is gone");
    List<String> left =
        ProcessHandle.current()
            .descendants()
            .filter(LocalPlatformTest::running)
            .map(p -> p.info().commandLine().orElse(""))
            .filter(c -> c.contains("KafkaBrokerMain") || c.contains("postgres"))
            .toList();
    assertEquals(List.of(), left, "no Kafka or PostgreSQL process left");
  }

  /**
   * Whether the process runs; a zombie (exited, not yet reaped by its new parent) does not count.
   */
  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      return process.isAlive();
    }
  }
}
