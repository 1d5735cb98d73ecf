package io.xenia.hostdaemon.metering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.admission.AdmissionDecision;
import io.xenia.hostdaemon.admission.AdmissionRequest;
import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.inventory.DaemonSettings;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.NetworkSettings;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.reconcile.RecoveryPolicy;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.UsageBatch;
import io.xenia.protocol.records.UsageQuantities;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.testsupport.KafkaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meter against a real Kafka broker (child JVM, stopped and restarted on the same port and
 * data) and the fake driver's controllable counters and clock; the spool is real files.
 */
class MeteringKafkaTest {
  private static final long MIB = 1L << 20;
  private static final Ed25519KeyPair HOST = Ed25519KeyPair.generate(new SecureRandom());

  @TempDir static Path tmp;
  private static KafkaServer kafka;
  private static int port;
  private static int controllerPort;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final FakeDriver driver = new FakeDriver(clock);
  private final List<MachineRecord> machines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startKafka() {
    kafka = KafkaServer.builder().dataDirectory(tmp.resolve("kafka")).start();
    port = kafka.port();
    controllerPort = kafka.controllerPort();
    kafka.createTopic(MeteringSettings.TOPIC, 3);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void recordsArriveInOrderWithExactQuantitiesSignedAndTheLastIsCutAtTerminate() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("order"));
    MachineRecord running = run("m1", "s-order");
    UsageSpool spool = UsageSpool.open(dir);
    UsageSampler sampler = sampler(spool);
    try (KafkaShipper shipper = shipper(spool)) {
      step("m1", sampler, 5, new UsageCounters(2_500_000_000L, 512 * MIB, 1000, 300));
      step("m1", sampler, 5, new UsageCounters(5_000_000_000L, 512 * MIB, 3000, 700));
      // The machine rebooted behind our back: counters restart from zero, no negative usage.
      step("m1", sampler, 5, new UsageCounters(1_200_000_000L, 256 * MIB, 100, 50));
      clock.advance(Duration.ofMillis(2500));
      driver.setUsage("m1", new UsageCounters(2_000_000_000L, 256 * MIB, 150, 80));
      MachineRecord releasing =
          new MachineRecord(
              "m1",
              running.version() + 1,
              MachineState.RELEASING,
              Optional.of("terminated"),
              running.session(),
              Optional.empty(),
              Optional.empty(),
              clock.instant());
      sampler.changed(running, releasing); // the final record, at the transition
      machines.set(0, releasing);
      assertEquals(0, sampler.sampleOnce(), "nothing after the final record");
      assertEquals(4, shipper.shipOnce());
      assertEquals(0, spool.pendingCount());
    }

    List<UsageRecord> got = records(consume("s-order", 4));
    assertEquals(List.of(1L, 2L, 3L, 4L), got.stream().map(UsageRecord::sequence).toList());
    assertEquals(new UsageQuantities(2, 2560, 300, 1000, 5), got.get(0).quantities());
    assertEquals(new UsageQuantities(3, 2560, 400, 2000, 5), got.get(1).quantities());
    // reset: the new readings are the use since the restart (0.2 s of CPU carried on)
    assertEquals(new UsageQuantities(1, 1280, 50, 100, 5), got.get(2).quantities());
    assertEquals(new UsageQuantities(1, 640, 30, 50, 2), got.get(3).quantities());
    for (int i = 1; i < got.size(); i++) {
      assertEquals(got.get(i - 1).intervalEnd(), got.get(i).intervalStart(), "intervals tile");
    }
    assertEquals(running.since(), got.get(0).intervalStart());
    assertEquals(clock.instant(), got.get(3).intervalEnd());
    assertEquals("agr-s-order", got.get(0).agreementId());
    assertEquals(HOST.publicKey().fingerprint(), got.get(0).hostId());
  }

  @Test
  void kafkaDownSamplingGoesOnTheSpoolGrowsAndEverythingArrivesWhenItIsBack() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("outage"));
    run("m1", "s-outage");
    UsageSpool spool = UsageSpool.open(dir);
    UsageSampler sampler = sampler(spool);
    try (KafkaShipper shipper = shipper(spool)) {
      step("m1", sampler, 5, new UsageCounters(1_000_000_000L, MIB, 10, 10));
      assertEquals(1, shipper.shipOnce());

      kafka.close();
      for (int i = 2; i <= 4; i++) {
        step("m1", sampler, 5, new UsageCounters(i * 1_000_000_000L, MIB, 10L * i, 10L * i));
      }
      assertEquals(0, shipper.shipOnce(), "nothing acknowledged while Kafka is down");
      assertEquals(3, spool.pendingCount());
      step("m1", sampler, 5, new UsageCounters(5_000_000_000L, MIB, 50, 50));
      assertEquals(4, spool.pendingCount());

      kafka =
          KafkaServer.builder()
              .dataDirectory(tmp.resolve("kafka"))
              .port(port)
              .controllerPort(controllerPort)
              .start();
      int shipped = 0;
      for (int i = 0; i < 10 && spool.pendingCount() > 0; i++) {
        shipped += shipper.shipOnce();
      }
      assertEquals(4, shipped);
      assertEquals(0, spool.pendingCount());
    }
    List<Member> got = consume("s-outage", 5);
    assertNoConflicts(got);
    List<Long> seqs = records(got).stream().map(UsageRecord::sequence).distinct().sorted().toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
    for (UsageRecord r : records(got)) {
      assertEquals(1, r.quantities().cpuSeconds());
      assertEquals(10, r.quantities().networkEgressBytes());
    }
  }

  @Test
  void aCrashedDaemonResumesWithoutGapOrConflictingDuplicate() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("crash"));
    run("m1", "s-crash");
    UsageSpool spool1 = UsageSpool.open(dir);
    UsageSampler sampler1 = sampler(spool1);
    KafkaShipper shipper1 = shipper(spool1);
    step("m1", sampler1, 5, new UsageCounters(1_000_000_000L, MIB, 1, 1));
    step("m1", sampler1, 5, new UsageCounters(2_000_000_000L, MIB, 2, 2));
    assertEquals(2, shipper1.shipOnce());
    // Acknowledged, but the daemon dies before recording it: the marker is lost.
    Files.delete(dir.resolve("s-crash").resolve("shipped"));
    step("m1", sampler1, 5, new UsageCounters(3_000_000_000L, MIB, 3, 3));
    // kill -9: nothing is closed or flushed; new objects over the same directory.
    shipper1.close(); // only frees the producer's threads; it holds no spool state

    UsageSpool spool2 = UsageSpool.open(dir);
    UsageSampler sampler2 = sampler(spool2);
    assertEquals(3, sampler2.openSessions().get("s-crash").sequence());
    step("m1", sampler2, 5, new UsageCounters(4_000_000_000L, MIB, 4, 4));
    try (KafkaShipper shipper2 = shipper(spool2)) {
      assertEquals(3, shipper2.shipOnce(), "2 again (byte-identical), 3 and 4");
    }
    List<Member> got = consume("s-crash", 5);
    assertEquals(5, got.size());
    assertNoConflicts(got);
    List<UsageRecord> rs = records(got).stream().distinct().toList();
    assertEquals(List.of(1L, 2L, 3L, 4L), rs.stream().map(UsageRecord::sequence).toList());
    for (int i = 1; i < rs.size(); i++) {
      assertEquals(rs.get(i - 1).intervalEnd(), rs.get(i).intervalStart(), "no gap");
      assertEquals(1, rs.get(i).quantities().cpuSeconds());
    }
  }

  @Test
  void meteringStartedBesideTheDaemonMetersASessionFromRunningToTerminate() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("daemon"));
    Clock real = Clock.systemUTC();
    FakeDriver fake = new FakeDriver(real);
    Inventory inventory =
        new Inventory(
            new DaemonSettings(
                data,
                Optional.empty(),
                Duration.ofMillis(100),
                1L << 30,
                Duration.ofMinutes(10),
                OperatorPolicy.open(),
                RecoveryPolicy.defaults(),
                NetworkSettings.defaults()),
            List.of(TestMachines.machine("m1")));
    try (HostDaemon daemon = HostDaemon.start(inventory, Drivers.of(fake), HOST, real)) {
      AdmissionDecision d =
          daemon
              .admission()
              .admit(
                  new AdmissionRequest(
                      "m1",
                      TestMachines.TOTAL,
                      Money.parse("EUR", "0.40"),
                      Optional.empty(),
                      "acct-1",
                      TestSessions.CUSTOMER.publicKey(),
                      "s-daemon",
                      "po-1",
                      "2026-11-01"));
      assertTrue(d instanceof AdmissionDecision.Admitted, "admitted: " + d);
      daemon.provision("m1", "s-daemon", Optional.empty(), List.of());
      await(() -> daemon.store().require("m1").state() == MachineState.RUNNING);
      fake.setUsage("m1", new UsageCounters(3_000_000_000L, 64 * MIB, 500, 700));
      MeteringSettings settings =
          new MeteringSettings(
              "127.0.0.1:" + port,
              MeteringSettings.TOPIC,
              Duration.ofMillis(300),
              data.resolve("usage-spool"),
              Duration.ofSeconds(5));
      try (Metering metering = Metering.start(daemon, settings, real)) {
        await(() -> metering.spool().last("s-daemon").isPresent());
        Thread.sleep(700);
        daemon.terminate("m1", "s-daemon", "customer ended it");
        await(
            () ->
                metering.sampler().openSessions().isEmpty()
                    && metering.spool().pendingCount() == 0);
        assertTrue(metering.spool().isClosed("s-daemon"));
      }
    }
    List<Member> got = consume("s-daemon", 2);
    assertNoConflicts(got);
    List<UsageRecord> rs = records(got).stream().distinct().toList();
    long cpu = 0;
    long egress = 0;
    long ingress = 0;
    for (int i = 0; i < rs.size(); i++) {
      assertEquals(i + 1, rs.get(i).sequence());
      if (i > 0) {
        assertEquals(rs.get(i - 1).intervalEnd(), rs.get(i).intervalStart());
      }
      cpu += rs.get(i).quantities().cpuSeconds();
      egress += rs.get(i).quantities().networkEgressBytes();
      ingress += rs.get(i).quantities().networkIngressBytes();
    }
    assertEquals(3, cpu);
    assertEquals(700, egress);
    assertEquals(500, ingress);
  }

  @Test
  void allSessionsShipTogetherInBatchesOfAtMost500SignedOnceByTheHost() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("many"));
    List<String> ids = List.of("m-many-1", "m-many-2", "m-many-3");
    for (String id : ids) {
      run(id, "s-" + id);
    }
    UsageSpool spool = UsageSpool.open(dir);
    UsageSampler sampler = sampler(spool);
    int ticks = 170;
    for (int t = 1; t <= ticks; t++) {
      clock.advance(Duration.ofSeconds(5));
      for (String id : ids) {
        driver.setUsage(id, new UsageCounters(t * 1_000_000_000L, MIB, t, t));
      }
      assertEquals(ids.size(), sampler.sampleOnce());
    }
    int before = batches().size();
    try (KafkaShipper shipper = shipper(spool)) {
      assertEquals(ticks * ids.size(), shipper.shipOnce());
      assertEquals(0, spool.pendingCount());
    }
    List<ConsumerRecord<String, byte[]>> sent = batches();
    List<Integer> sizes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : sent.subList(before, sent.size())) {
      sizes.add(UsageBatch.open(SignedEnvelope.fromJson(r.value())).record().records().size());
    }
    assertEquals(List.of(500, 10), sizes, "510 records in two Kafka records");
    for (String id : ids) {
      List<Member> got = consume("s-" + id, ticks);
      List<Long> expected = java.util.stream.LongStream.rangeClosed(1, ticks).boxed().toList();
      assertEquals(expected, records(got).stream().map(UsageRecord::sequence).toList());
      assertEquals(ticks, spool.shipped("s-" + id));
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting");
      Thread.sleep(50);
    }
  }

  // ---- helpers ----

  private MachineRecord run(String machineId, String sessionId) {
    Session s = TestSessions.session(sessionId);
    driver.leaveDeployment(machineId, sessionId);
    MachineRecord r =
        new MachineRecord(
            machineId,
            5,
            MachineState.RUNNING,
            Optional.empty(),
            Optional.of(s),
            Optional.empty(),
            Optional.empty(),
            clock.instant());
    machines.add(r);
    return r;
  }

  private UsageSampler sampler(UsageSpool spool) {
    return new UsageSampler(
        spool,
        () -> List.copyOf(machines),
        id -> driver.usage(TestMachines.spec(id)),
        HOST,
        clock,
        () -> {});
  }

  private static KafkaShipper shipper(UsageSpool spool) {
    return new KafkaShipper(
        spool, HOST, "127.0.0.1:" + port, MeteringSettings.TOPIC, Duration.ofSeconds(4));
  }

  private void step(String machineId, UsageSampler sampler, int seconds, UsageCounters c) {
    clock.advance(Duration.ofSeconds(seconds));
    driver.setUsage(machineId, c);
    assertEquals(1, sampler.sampleOnce());
  }

  /** A usage record as it arrived in a verified batch: its canonical bytes and where. */
  private record Member(UsageRecord record, byte[] body, int partition, long offset) {}

  /** Every batch of the host in usage.v1, from the start, verified, until the topic's end. */
  private static List<ConsumerRecord<String, byte[]>> batches() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        parts.add(new TopicPartition(MeteringSettings.TOPIC, i));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          assertEquals(HOST.publicKey().fingerprint(), r.key(), "keyed by the host");
          out.add(r);
        }
        if (parts.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
          break;
        }
      }
    }
    return out;
  }

  /** Every record of the session in usage.v1's batches, in order, until {@code atLeast} came. */
  private static List<Member> consume(String sessionId, int atLeast) throws Exception {
    List<Member> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (out.size() < atLeast && System.nanoTime() < deadline) {
      out.clear();
      for (ConsumerRecord<String, byte[]> r : batches()) {
        UsageBatch batch = UsageBatch.open(SignedEnvelope.fromJson(r.value())).record();
        for (int i = 0; i < batch.records().size(); i++) {
          if (batch.records().get(i).sessionId().equals(sessionId)) {
            out.add(
                new Member(batch.records().get(i), batch.memberBody(i), r.partition(), r.offset()));
          }
        }
      }
      if (out.size() < atLeast) {
        Thread.sleep(200);
      }
    }
    assertTrue(out.size() >= atLeast, "got " + out.size() + " of " + atLeast);
    int partition = out.get(0).partition();
    assertTrue(out.stream().allMatch(m -> m.partition() == partition), "one partition");
    return out;
  }

  private static List<UsageRecord> records(List<Member> ms) {
    return ms.stream().map(Member::record).toList();
  }

  /** No (session, sequence) with two different contents. */
  private static void assertNoConflicts(List<Member> ms) {
    Map<Long, byte[]> seen = new HashMap<>();
    for (Member m : ms) {
      long seq = m.record().sequence();
      assertTrue(seq > 0);
      byte[] before = seen.putIfAbsent(seq, m.body());
      if (before != null) {
        assertArrayEquals(before, m.body(), "sequence " + seq + " with two contents");
      }
    }
  }
}
