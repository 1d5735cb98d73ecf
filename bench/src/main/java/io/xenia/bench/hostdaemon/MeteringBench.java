package io.xenia.bench.hostdaemon;

import io.xenia.hostdaemon.admission.AdmissionDecision;
import io.xenia.hostdaemon.admission.AdmissionRequest;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.metering.Metering;
import io.xenia.hostdaemon.metering.MeteringSettings;
import io.xenia.hostdaemon.metering.SpooledRecord;
import io.xenia.hostdaemon.metering.UsageSpool;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import io.xenia.testsupport.KafkaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Usage records per second through the daemon's metering — cut from driver counters, signed with
 * the host key, spooled durably (atomic file + fsync), shipped to Kafka and acknowledged ({@code
 * acks=all}, idempotent) — for many concurrent sessions of a real {@link HostDaemon} (fake driver:
 * its counters are all metering needs), against, in the same run and on the same Kafka broker
 * (test-support's child JVM), a raw Kafka producer sending records of the same size with the same
 * producer settings as fast as it can.
 *
 * <p>{@code MeteringBench [--sessions 200] [--rounds 3] [--seconds 20]}: each round measures
 * metering for {@code --seconds} (after 3 s of warm-up), stops it, then measures the raw producer
 * for as long.
 */
public final class MeteringBench {
  private static final String RAW_TOPIC = "bench.raw";
  private static final long MIB = 1L << 20;

  private MeteringBench() {}

  public static void main(String[] args) throws Exception {
    int sessions = 200;
    int rounds = 3;
    int seconds = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("xenia-metering-bench");
    System.out.printf(
        "metering bench: %d sessions, %d rounds of %d s; load %s%n",
        sessions, rounds, seconds, Samples.load());
    try (KafkaServer kafka = KafkaServer.builder().dataDirectory(work.resolve("kafka")).start()) {
      kafka.createTopic(MeteringSettings.TOPIC, 3);
      kafka.createTopic(RAW_TOPIC, 3);
      FakeDriver driver = new FakeDriver(Clock.systemUTC());
      try (HostDaemon daemon = startWithSessions(work, driver, sessions)) {
        ScheduledExecutorService usage = busyMachines(driver, sessions);
        MeteringSettings settings =
            MeteringSettings.defaults(kafka.bootstrapServers(), work.resolve("daemon"))
                .withInterval(Duration.ofMillis(100));
        List<Double> metered = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          double m = meter(daemon, settings, sessions, seconds);
          byte[] sample = sampleRecord(settings.spoolDir());
          double r = rawProducer(kafka.bootstrapServers(), sample, sessions, seconds);
          metered.add(m);
          raw.add(r);
          System.out.printf(
              "round %d (load %s): metering %.0f records/s, raw producer %.0f records/s"
                  + " (%d B each): %.2f %%%n",
              round, Samples.load().split(" ")[0], m, r, sample.length, 100 * m / r);
        }
        usage.shutdownNow();
        System.out.printf(
            "%nmedian: metering %.0f records/s, raw producer %.0f records/s, ratio %.2f %%%n",
            Samples.percentile(metered, 50),
            Samples.percentile(raw, 50),
            100 * Samples.percentile(metered, 50) / Samples.percentile(raw, 50));
      }
    } finally {
      Ssh.run(List.of("rm", "-rf", "--one-file-system", work.toString()));
    }
    System.out.printf("load after: %s%n", Samples.load());
  }

  /** A daemon of fake machines m1..mN, each running an admitted, provisioned session. */
  private static HostDaemon startWithSessions(Path work, FakeDriver driver, int count)
      throws Exception {
    StringBuilder yaml = new StringBuilder();
    yaml.append("daemon:\n  dataDir: ").append(work.resolve("daemon")).append('\n');
    yaml.append("defaults:\n  driver: fake\n  location: {region: eu-west-1}\n");
    yaml.append("  prices: {currency: EUR, perHour: 0.40}\n");
    yaml.append("machines:\n");
    for (int i = 1; i <= count; i++) {
      yaml.append("  - id: m").append(i).append('\n');
      yaml.append("    facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}\n");
    }
    HostDaemon daemon =
        HostDaemon.start(
            InventoryLoader.parse(yaml.toString(), "bench-inventory.yaml", work),
            Drivers.of(driver),
            Ed25519KeyPair.generate(new SecureRandom()),
            Clock.systemUTC());
    Ed25519KeyPair customer = Ed25519KeyPair.generate(new SecureRandom());
    long t0 = System.nanoTime();
    for (int i = 1; i <= count; i++) {
      AdmissionDecision d =
          daemon
              .admission()
              .admit(
                  new AdmissionRequest(
                      "m" + i,
                      new Resources(4, 4096, 10, 1000, 0, ""),
                      Money.parse("EUR", "0.40"),
                      Optional.empty(),
                      "acct-bench",
                      customer.publicKey(),
                      "s-m" + i,
                      "po-m" + i,
                      "2026-11-01"));
      if (!(d instanceof AdmissionDecision.Admitted)) {
        throw new IllegalStateException("not admitted: " + d);
      }
      daemon.provision("m" + i, "s-m" + i, Optional.empty(), List.of());
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (daemon.store().all().stream().anyMatch(r -> r.state() != MachineState.RUNNING)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("sessions not all running after 5 minutes");
      }
      Thread.sleep(50);
    }
    System.out.printf("%d sessions running after %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    return daemon;
  }

  /** The machines' counters grow all the time, as a busy machine's do. */
  private static ScheduledExecutorService busyMachines(FakeDriver driver, int count) {
    AtomicLong tick = new AtomicLong();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.scheduleAtFixedRate(
        () -> {
          long t = tick.incrementAndGet();
          for (int i = 1; i <= count; i++) {
            driver.setUsage(
                "m" + i,
                new UsageCounters(t * 37_000_000L, (256 + t % 64) * MIB, t * 1_500, t * 9_000));
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
    return timer;
  }

  /** Records acknowledged by Kafka per second while the daemon's metering runs. */
  private static double meter(
      HostDaemon daemon, MeteringSettings settings, int sessions, int seconds) throws Exception {
    try (Metering metering = Metering.start(daemon, settings, Clock.systemUTC())) {
      Thread.sleep(3000);
      long before = shipped(metering.spool(), sessions);
      long cutBefore = cut(metering.spool(), sessions);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long after = shipped(metering.spool(), sessions);
      long cutAfter = cut(metering.spool(), sessions);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  metering: %d records cut, signed and spooled (%.0f/s), %d acknowledged by Kafka"
              + " in %.1f s; %d waiting in the spool%n",
          cutAfter - cutBefore,
          (cutAfter - cutBefore) / elapsed,
          after - before,
          elapsed,
          metering.spool().pendingCount());
      return (after - before) / elapsed;
    }
  }

  private static long shipped(UsageSpool spool, int sessions) {
    long sum = 0;
    for (int i = 1; i <= sessions; i++) {
      sum += spool.shipped("s-m" + i);
    }
    return sum;
  }

  /** Records cut so far: the sum of every session's last spooled sequence. */
  private static long cut(UsageSpool spool, int sessions) {
    long sum = 0;
    for (int i = 1; i <= sessions; i++) {
      sum += spool.last("s-m" + i).map(SpooledRecord::sequence).orElse(0L);
    }
    return sum;
  }

  /** A real usage record from the spool: the bytes metering ships. */
  private static byte[] sampleRecord(Path spoolDir) {
    UsageSpool spool = UsageSpool.open(spoolDir);
    return spool.last("s-m1").map(SpooledRecord::envelopeJson).orElseThrow();
  }

  /**
   * Records per second a raw producer gets acknowledged: KafkaShipper's settings (acks=all,
   * idempotent, 5 in flight, linger 5 ms), the same record bytes, keys spread over as many
   * sessions, sent as fast as the producer takes them.
   */
  private static double rawProducer(String bootstrap, byte[] value, int sessions, int seconds)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw");
    AtomicLong acked = new AtomicLong();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
      long countedFrom = -1;
      long n = 0;
      while (true) {
        long now = System.nanoTime();
        if (countedFrom < 0 && now >= warmEnd) {
          countedFrom = acked.get();
        }
        if (now >= end) {
          break;
        }
        producer.send(
            new ProducerRecord<>(RAW_TOPIC, "s-m" + (1 + n++ % sessions), value),
            (metadata, e) -> {
              if (e == null) {
                acked.incrementAndGet();
              }
            });
      }
      long counted = acked.get() - countedFrom;
      return counted / (double) seconds;
    }
  }
}
