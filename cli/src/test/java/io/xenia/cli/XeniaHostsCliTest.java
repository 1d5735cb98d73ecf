package io.xenia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenia hosts where|list|show} against a real broker (embedded PostgreSQL). The hosts and
 * their latest metrics are rows as the broker stores them from signed heartbeats (the heartbeat
 * path itself is the broker's FleetQueryTest and deploy's FleetAgainstDaemonTest).
 */
class XeniaHostsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static BrokerUnderTest broker;
  private static Marketplace.Party lena;
  private static UUID busy;
  private static UUID idle;
  private static UUID other;
  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start("cli_hosts");
    String api =
        "http://127.0.0.1:"
            + broker.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
    Marketplace market = new Marketplace(broker);
    lena = market.register("host-operator", "Lena Hosts");
    Marketplace.Party omar = market.register("host-operator", "Omar Hosts");
    Marketplace.Party cleo = market.customer("Cleo Hosts");
    busy = host(lena, "busy", "0.9500", "eu-west-1");
    idle = host(lena, "idle", "0.0500", "eu-west-1");
    other = host(omar, "omar-1", "1.5000", "us-east-1");
    for (var login :
        Map.of("lena", lena.token(), "admin", broker.adminToken(), "cleo", cleo.token())
            .entrySet()) {
      Xenia.Outcome r = as(login.getKey(), "login", "--api", api, "--key", login.getValue());
      assertEquals(0, r.exit(), r::toString);
    }
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static UUID host(Marketplace.Party owner, String name, String load, String region)
      throws Exception {
    UUID id = UUID.randomUUID();
    Timestamp now = Timestamp.from(Instant.now());
    try (var c = broker.jdbc();
        var h =
            c.prepareStatement(
                "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at,"
                    + " last_seen_at, status_changed_at, machines_total, machines_ready)"
                    + " VALUES (?, ?, ?, ?, 'up', ?, ?, ?, 4, 2)");
        var m =
            c.prepareStatement(
                "INSERT INTO host_metrics (host_id, reported_at, cpu_cores, cpu_load, mem_used,"
                    + " disk_free_gib, machines_leased, machines_free, machines_failed, version,"
                    + " region) VALUES (?, ?, 8, ?, 0.5, 100.25, 2, 2, 0, '1.2.3', ?)")) {
      h.setObject(1, id);
      h.setObject(2, owner.id());
      h.setString(3, name);
      h.setBytes(4, Ed25519KeyPair.generate(new SecureRandom()).publicKey().bytes());
      h.setTimestamp(5, now);
      h.setTimestamp(6, now);
      h.setTimestamp(7, now);
      h.executeUpdate();
      m.setObject(1, id);
      m.setTimestamp(2, now);
      m.setBigDecimal(3, new BigDecimal(load));
      m.setString(4, region);
      m.executeUpdate();
    }
    return id;
  }

  /** One run of the CLI logged in as {@code who} (each has its own login file). */
  static Xenia.Outcome as(String who, String... args) {
    return Xenia.runCapturing(
        Map.of("XENIA_CONFIG", home.resolve(who + "/config.json").toString()), args);
  }

  @Test
  void whereFindsTheOperatorsBusyHostsAsTableAndJson() throws Exception {
    Xenia.Outcome table = as("lena", "hosts", "where", "cpu.load>0.9");
    assertEquals(0, table.exit(), table::toString);
    assertTrue(table.out().contains(busy.toString()), table.out());
    assertTrue(!table.out().contains(idle.toString()), table.out());
    assertTrue(table.out().contains("0.95"), table.out());
    assertTrue(table.out().contains("2/2/0/4"), table.out());
    assertTrue(table.out().contains("1 host where cpu.load>0.9"), table.out());

    // Words are joined, so an unquoted query of several terms works too.
    Xenia.Outcome json = as("lena", "hosts", "where", "status=up", "region=eu-*", "-o", "json");
    assertEquals(0, json.exit(), json::toString);
    assertEquals(2, json.json().path("items").size(), json::out);

    Xenia.Outcome admin = as("admin", "hosts", "where", "cpu.load>0.9", "-o", "json");
    assertEquals(2, admin.json().path("items").size(), admin::out);
    Xenia.Outcome none = as("lena", "hosts", "where", "cpu.load>2");
    assertEquals(0, none.exit());
    assertTrue(none.out().contains("0 hosts where cpu.load>2"), none.out());
  }

  @Test
  void listAndShow() throws Exception {
    Xenia.Outcome list = as("lena", "hosts", "list", "-o", "json");
    assertEquals(0, list.exit(), list::toString);
    assertEquals(2, list.json().path("items").size());
    Xenia.Outcome down = as("lena", "hosts", "list", "--status", "down");
    assertTrue(down.out().contains("0 hosts"), down.out());
    Xenia.Outcome show = as("lena", "hosts", "show", busy.toString());
    assertEquals(0, show.exit(), show::toString);
    assertTrue(show.out().contains("metrics.cpuLoad"), show.out());
    assertTrue(show.out().contains("eu-west-1"), show.out());
    Xenia.Outcome showJson = as("lena", "hosts", "show", busy.toString(), "-o", "json");
    assertEquals("1.2.3", showJson.json().path("metrics").path("version").asText());
  }

  @Test
  void exitCodes() throws Exception {
    Xenia.Outcome bad = as("lena", "hosts", "where", "cpu.load>0.9 colour=red");
    assertEquals(ExitCodes.USAGE, bad.exit(), bad::toString);
    assertTrue(bad.err().contains("invalid-query"), bad.err());
    assertTrue(bad.err().contains("             ^^^^^^"), bad.err());
    Xenia.Outcome badJson = as("lena", "hosts", "where", "price<1", "-o", "json");
    assertEquals(2, badJson.exit());
    assertEquals("price", JSON.readTree(badJson.err()).path("token").asText(), badJson.err());

    Xenia.Outcome customer = as("cleo", "hosts", "where", "cpu.load>0.9");
    assertEquals(4, customer.exit(), customer::toString);
    assertTrue(customer.err().contains("hosts:read"), customer.err());

    Xenia.Outcome notMine = as("lena", "hosts", "show", other.toString());
    assertEquals(3, notMine.exit(), notMine::toString);
    Xenia.Outcome badId = as("lena", "hosts", "show", "nope");
    assertEquals(2, badId.exit(), badId::toString);
    Xenia.Outcome noQuery = as("lena", "hosts", "where");
    assertEquals(2, noQuery.exit(), noQuery::toString);
  }

  /** Session options added with fleet: --max-rtt and several --ssh-key, refused as usage (2). */
  @Test
  void sessionsCreateChecksMaxRttAndFurtherKeys() throws Exception {
    byte[] type = "ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    var blob = java.nio.ByteBuffer.allocate(4 + type.length + 4 + 32);
    blob.putInt(type.length)
        .put(type)
        .putInt(32)
        .put(Ed25519KeyPair.generate(new SecureRandom()).publicKey().bytes());
    Path key = home.resolve("id_ed25519.pub");
    java.nio.file.Files.writeString(
        key,
        "ssh-ed25519 " + java.util.Base64.getEncoder().encodeToString(blob.array()) + " cleo\n");
    Path dss = home.resolve("id_dss.pub");
    java.nio.file.Files.writeString(dss, "ssh-dss AAAAB3NzaC1kc3M= old\n");
    String order = UUID.randomUUID().toString();
    Xenia.Outcome byMachine =
        as(
            "cleo",
            "sessions",
            "create",
            "--order",
            order,
            "--host",
            order,
            "--machine",
            "m",
            "--max-rtt",
            "5",
            "--ssh-key",
            key.toString());
    assertEquals(2, byMachine.exit(), byMachine::toString);
    assertTrue(byMachine.err().contains("--max-rtt"), byMachine.err());
    Xenia.Outcome single =
        as(
            "cleo",
            "sessions",
            "create",
            "--order",
            order,
            "-q",
            "cpu>=1",
            "--max-rtt",
            "5",
            "--ssh-key",
            key.toString(),
            "-o",
            "json");
    assertEquals(2, single.exit(), single::toString);
    assertTrue(single.err().contains("maxRttMillis"), single.err());
    Xenia.Outcome badSecond =
        as(
            "cleo",
            "sessions",
            "create",
            "--order",
            order,
            "-q",
            "cpu>=1",
            "--ssh-key",
            key.toString(),
            "--ssh-key",
            dss.toString(),
            "-o",
            "json");
    assertEquals(2, badSecond.exit(), badSecond::toString);
    assertTrue(badSecond.err().contains("sshPublicKeys[1]"), badSecond.err());
  }
}
