package io.xenia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenia sessions}, {@code ssh} and {@code images} against a real broker (embedded
 * PostgreSQL, HTTP on loopback, its image store in a temporary directory with 4 KiB chunks). No
 * host daemon runs here, so sessions are exercised through what the broker answers without one: no
 * machine, a bad purchase order, malformed requests, unknown sessions, empty lists. Images are
 * pushed end to end, including a push cut short and continued.
 */
class XeniaSessionsAndImagesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 4096;
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party customer;
  @TempDir static Path home;
  private static Path config;
  private static Path sshKey;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            "cli-sessions-images",
            Map.of(
                "xenia.images.dir",
                home.resolve("store").toString(),
                "xenia.images.chunk-size",
                CHUNK));
    String api = "http://127.0.0.1:" + broker.context().getBean(EmbeddedServer.class).getPort();
    market = new Marketplace(broker);
    customer = market.customer("Sam Sessions");
    market.deposit(customer, "100.00", "EUR");
    config = home.resolve("xenia/config.json");
    sshKey = home.resolve("id_ed25519.pub");
    Files.writeString(sshKey, sshEd25519PublicKey() + " sam@test\n");
    Xenia.Outcome login = xenia("login", "--api", api, "--key", customer.token());
    assertEquals(0, login.exit(), login::toString);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static Xenia.Outcome xenia(String... args) {
    return Xenia.runCapturing(Map.of("XENIA_CONFIG", config.toString()), args);
  }

  /** An OpenSSH ssh-ed25519 line: string "ssh-ed25519", string 32 key bytes. */
  static String sshEd25519PublicKey() {
    byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + key.length);
    blob.putInt(type.length).put(type).putInt(key.length).put(key);
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array());
  }

  private static String openOrder() {
    var r = market.order(customer, "20.00", "EUR");
    assertEquals(201, r.status(), r::toString);
    return r.body().path("id").asText();
  }

  @Test
  void sessionsCreateRefusalsAndUsageErrorsHaveTheirExitCodes() throws Exception {
    String order = openOrder();
    long started = System.nanoTime();
    // Nothing is advertised: the broker finds no machine (409) → refused, nothing left behind.
    Xenia.Outcome none =
        xenia(
            "sessions",
            "create",
            "--order",
            order,
            "--query",
            "cpu>=2",
            "--ssh-key",
            sshKey.toString());
    assertEquals(4, none.exit(), none::toString);
    assertTrue(none.err().contains("no-machine-available"), none::toString);
    assertEquals("", none.out());
    Xenia.Outcome noneJson =
        xenia(
            "sessions",
            "create",
            "--order",
            order,
            "--query",
            "cpu>=2",
            "--count",
            "3",
            "--distinct-owners",
            "--same-region",
            "--ssh-key",
            sshKey.toString(),
            "-o",
            "json");
    assertEquals(4, noneJson.exit(), noneJson::toString);
    assertTrue(
        JSON.readTree(noneJson.err()).path("type").asText().endsWith("no-machine-available"),
        noneJson::toString);

    // A purchase order that is not there (or not ours).
    Xenia.Outcome unknownOrder =
        xenia(
            "sessions",
            "create",
            "--order",
            UUID.randomUUID().toString(),
            "--query",
            "cpu>=2",
            "--ssh-key",
            sshKey.toString());
    assertEquals(3, unknownOrder.exit(), unknownOrder::toString);
    assertTrue(unknownOrder.err().contains("not-found"), unknownOrder::toString);
    // A cancelled order pays for nothing: purchase-order-not-open → refused.
    String cancelled = openOrder();
    assertEquals(0, xenia("orders", "cancel", cancelled).exit());
    Xenia.Outcome closed =
        xenia(
            "sessions",
            "create",
            "--order",
            cancelled,
            "--query",
            "cpu>=2",
            "--ssh-key",
            sshKey.toString());
    assertEquals(4, closed.exit(), closed::toString);
    assertTrue(closed.err().contains("purchase-order-not-open"), closed::toString);
    // A malformed query the broker refuses (400) → usage.
    Xenia.Outcome badQuery =
        xenia(
            "sessions",
            "create",
            "--order",
            order,
            "--query",
            "cpu>>2",
            "--ssh-key",
            sshKey.toString());
    assertEquals(2, badQuery.exit(), badQuery::toString);
    // A key the broker refuses (the first must be ssh-ed25519) → 400 → usage.
    Path rsa = home.resolve("id_rsa.pub");
    Files.writeString(rsa, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 sam@test\n");
    Xenia.Outcome badKey =
        xenia(
            "sessions",
            "create",
            "--order",
            order,
            "--query",
            "cpu>=2",
            "--ssh-key",
            rsa.toString());
    assertEquals(2, badKey.exit(), badKey::toString);

    // Usage errors the CLI catches before any request.
    assertEquals(2, xenia("sessions", "create", "--query", "cpu>=2").exit());
    assertEquals(
        2, xenia("sessions", "create", "--order", order, "--ssh-key", sshKey.toString()).exit());
    assertEquals(
        2,
        xenia(
                "sessions",
                "create",
                "--order",
                order,
                "--query",
                "cpu>=2",
                "--host",
                UUID.randomUUID().toString(),
                "--machine",
                "m1",
                "--ssh-key",
                sshKey.toString())
            .exit());
    assertEquals(
        2,
        xenia(
                "sessions",
                "create",
                "--order",
                "nope",
                "--query",
                "cpu>=2",
                "--ssh-key",
                sshKey.toString())
            .exit());
    Xenia.Outcome noKey =
        xenia(
            "sessions",
            "create",
            "--order",
            order,
            "--query",
            "cpu>=2",
            "--ssh-key",
            home.resolve("missing.pub").toString());
    assertEquals(2, noKey.exit(), noKey::toString);
    assertTrue(noKey.err().contains("ssh-keygen"), noKey::toString);
    assertEquals(
        2,
        xenia(
                "sessions",
                "create",
                "--order",
                order,
                "--query",
                "cpu>=2",
                "--duration",
                "soon",
                "--ssh-key",
                sshKey.toString())
            .exit());

    // The order is untouched by the refused requests: no hold was left behind.
    var o = broker.api().get("/v1/purchase-orders/" + order, customer.token());
    assertEquals(200, o.status(), o::toString);
    assertEquals(
        0,
        new java.math.BigDecimal(o.body().path("spent").path("amount").asText())
            .compareTo(java.math.BigDecimal.ZERO),
        o::toString);
    System.err.printf(
        "sessions create error paths: %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  void sessionsListShowEndSshAndChangesOfUnknownSessions() throws Exception {
    Xenia.Outcome list = xenia("sessions", "list");
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().startsWith("ID"), list::toString);
    Xenia.Outcome listJson = xenia("sessions", "list", "--state", "running", "-o", "json");
    assertEquals(0, listJson.exit(), listJson::toString);
    assertEquals(0, listJson.json().path("items").size());
    Xenia.Outcome badState = xenia("sessions", "list", "--state", "asleep");
    assertEquals(2, badState.exit(), badState::toString);

    String unknown = UUID.randomUUID().toString();
    for (String[] args :
        new String[][] {
          {"sessions", "show", unknown},
          {"sessions", "show", unknown, "--events"},
          {"sessions", "end", unknown},
          {"sessions", "resize", unknown, "--cpus", "2"},
          {"sessions", "extend", unknown, "--until", "2030-01-01T00:00:00Z"},
          {"sessions", "extend", unknown, "--by", "1h"},
          {"ssh", unknown},
          {"ssh", unknown, "--", "uname", "-a"}
        }) {
      Xenia.Outcome r = xenia(args);
      assertEquals(3, r.exit(), () -> String.join(" ", args) + " → " + r);
      assertTrue(r.err().contains("not-found"), r::toString);
    }
    Xenia.Outcome json = xenia("sessions", "show", unknown, "-o", "json");
    assertEquals(3, json.exit());
    assertEquals(404, JSON.readTree(json.err()).path("status").asInt(), json::toString);

    assertEquals(2, xenia("sessions", "show", "not-a-uuid").exit());
    assertEquals(2, xenia("sessions", "resize", unknown).exit());
    assertEquals(2, xenia("sessions", "extend", unknown).exit());
    assertEquals(2, xenia("sessions", "extend", unknown, "--until", "tomorrow").exit());
    assertEquals(2, xenia("ssh").exit());
  }

  @Test
  void aPausedSessionShowsUntilWhenItWaitsForMoney() throws Exception {
    // Stored as the broker stores a session it paused (its host names no control endpoint).
    String order = market.order(customer, "1.00", "EUR").body().path("id").asText();
    UUID host = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    var operator = market.register("host-operator", "Paula Pause");
    try (var db = broker.jdbc()) {
      var insertHost =
          db.prepareStatement(
              "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at, last_seen_at,"
                  + " status_changed_at) VALUES (?, ?, 'h', ?, 'up', now(), now(), now())");
      insertHost.setObject(1, host);
      insertHost.setObject(2, operator.id());
      insertHost.setBytes(3, new byte[32]);
      insertHost.executeUpdate();
      var insertSession =
          db.prepareStatement(
              "INSERT INTO session (id, account_id, purchase_order_id, group_id, host_id,"
                  + " machine_id, state, agreement_id, agreement, currency, price_per_hour_micros,"
                  + " reserved_micros, lease_start, created_at, updated_at, paused_at, grace_until)"
                  + " VALUES (?, ?, ?, ?, ?, 'm1', 'paused', 'agr-p', '\\x7b7d', 'EUR', 4000000000,"
                  + " 1000, now(), now(), now(), now(), now() + interval '1 hour')");
      insertSession.setObject(1, session);
      insertSession.setObject(2, customer.id());
      insertSession.setObject(3, UUID.fromString(order));
      insertSession.setObject(4, session);
      insertSession.setObject(5, host);
      insertSession.executeUpdate();
    }
    Xenia.Outcome show = xenia("sessions", "show", session.toString());
    assertEquals(0, show.exit(), show::toString);
    assertTrue(show.out().contains("paused"), show::toString);
    assertTrue(show.out().contains("grace until"), show::toString);
    Xenia.Outcome list = xenia("sessions", "list", "--state", "paused");
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().contains(session.toString()), list::toString);
    assertTrue(list.out().contains("grace until"), list::toString);
  }

  @Test
  void sshArgumentsAreTheSessionsConnection() {
    assertEquals(
        java.util.List.of("ssh", "-p", "2222", "root@127.0.0.1"),
        io.xenia.cli.commands.SshCommand.arguments(
            "127.0.0.1", 2222, "root", null, java.util.List.of()));
    assertEquals(
        java.util.List.of("ssh", "-p", "22", "-i", "k", "u@h", "--", "uname", "-a"),
        io.xenia.cli.commands.SshCommand.arguments(
            "h", 22, "u", Path.of("k"), java.util.List.of("uname", "-a")));
  }

  @Test
  void imagesPushIsResumableAndListShowDeleteFollow() throws Exception {
    Path kernel = home.resolve("vmlinuz");
    Path initrd = home.resolve("initrd.gz");
    Files.write(kernel, kernel(5 * CHUNK + 100, 1));
    Files.write(initrd, initrd(2 * CHUNK + 7, 2));
    long started = System.nanoTime();

    // Cut after 4 of the 9 chunks, as a lost connection would.
    Xenia.Outcome cut =
        xenia(
            "images",
            "push",
            "tiny",
            "--kernel",
            kernel.toString(),
            "--initrd",
            initrd.toString(),
            "--stop-after-chunks",
            "4");
    assertEquals(1, cut.exit(), cut::toString);
    assertTrue(cut.err().contains("push again"), cut::toString);
    Xenia.Outcome listed = xenia("images", "list", "-o", "json");
    assertEquals(0, listed.exit(), listed::toString);
    assertEquals(1, listed.json().path("items").size(), listed::toString);
    JsonNode partial = listed.json().path("items").get(0);
    String id = partial.path("id").asText();
    assertEquals("uploading", partial.path("status").asText());
    int present = 0;
    for (JsonNode p : partial.path("parts")) {
      present += p.path("chunksPresent").asInt();
    }
    assertEquals(4, present, partial::toString);

    // The same push again continues: only the 5 missing chunks go, the image becomes available.
    Xenia.Outcome resumed =
        xenia(
            "images",
            "push",
            "tiny",
            "--kernel",
            kernel.toString(),
            "--initrd",
            initrd.toString(),
            "-o",
            "json");
    assertEquals(0, resumed.exit(), resumed::toString);
    assertTrue(resumed.err().contains("resuming tiny (" + id + "): 4/9"), resumed::toString);
    assertTrue(resumed.err().contains("100%"), resumed::toString);
    assertEquals(id, resumed.json().path("id").asText());
    assertEquals("available", resumed.json().path("status").asText());
    for (JsonNode p : resumed.json().path("parts")) {
      assertTrue(p.path("verified").asBoolean(), p::toString);
    }
    // And once more: nothing to send.
    Xenia.Outcome again =
        xenia(
            "images", "push", "tiny", "--kernel", kernel.toString(), "--initrd", initrd.toString());
    assertEquals(0, again.exit(), again::toString);
    assertTrue(again.err().contains("9/9 chunks already there"), again::toString);
    assertTrue(again.out().contains("available"), again::toString);
    System.err.printf(
        "images push of 9 chunks, cut and resumed: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);

    // A disk image, pushed in one go; its bytes read back from the blob equal the file's.
    Path disk = home.resolve("disk.raw");
    Files.write(disk, disk(3 * CHUNK, 3));
    Xenia.Outcome diskPush = xenia("images", "push", "disk-one", "--disk", disk.toString());
    assertEquals(0, diskPush.exit(), diskPush::toString);
    assertTrue(diskPush.out().contains("available"), diskPush::toString);

    Xenia.Outcome table = xenia("images", "list");
    assertEquals(0, table.exit());
    assertTrue(table.out().contains("tiny") && table.out().contains("disk-one"), table::toString);
    Xenia.Outcome show = xenia("images", "show", id);
    assertEquals(0, show.exit(), show::toString);
    assertTrue(show.out().contains("bzimage") && show.out().contains("gzip"), show::toString);
    assertEquals(0, xenia("images", "delete", id).exit());
    assertEquals(3, xenia("images", "show", id).exit());
    assertEquals(3, xenia("images", "delete", id).exit());

    // Files that are not what they claim are refused locally, before any request.
    Path notAKernel = home.resolve("not-a-kernel");
    Files.write(notAKernel, new byte[8192]);
    Xenia.Outcome wrong =
        xenia(
            "images",
            "push",
            "bad",
            "--kernel",
            notAKernel.toString(),
            "--initrd",
            initrd.toString());
    assertEquals(2, wrong.exit(), wrong::toString);
    assertTrue(wrong.err().contains("bzimage"), wrong::toString);
    assertEquals(
        2,
        xenia("images", "push", "bad", "--disk", disk.toString(), "--kernel", kernel.toString())
            .exit());
    assertEquals(2, xenia("images", "push", "bad", "--kernel", kernel.toString()).exit());
    assertEquals(
        2, xenia("images", "push", "bad", "--disk", home.resolve("nope").toString()).exit());
    assertFalse(xenia("images", "list").out().contains("bad"));
  }

  static byte[] kernel(int size, long seed) {
    byte[] b = random(size, seed);
    b[0x1FE] = 0x55;
    b[0x1FF] = (byte) 0xAA;
    System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, b, 0x202, 4);
    return b;
  }

  static byte[] initrd(int size, long seed) {
    byte[] b = random(size, seed);
    b[0] = 0x1F;
    b[1] = (byte) 0x8B;
    return b;
  }

  static byte[] disk(int size, long seed) {
    byte[] b = random(size, seed);
    b[510] = 0x55;
    b[511] = (byte) 0xAA;
    return b;
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
