package io.xenia.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.bench.LoadGenerator.Customer;
import io.xenia.bench.LoadGenerator.Measurement;
import io.xenia.bench.Options.Target;
import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.testsupport.PostgresServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Purchase orders committed per second through the broker's REST API, against a raw Vert.x baseline
 * running the same SQL ({@link BaselineServer}), in the same run, on one embedded PostgreSQL and
 * one database.
 *
 * <p>Both servers run in this JVM, with the load generator ({@link LoadGenerator}); only one of
 * them is loaded at a time. After an initial warm-up of each, every round measures both, the order
 * alternating from round to round (ABBA) so that drift on a shared machine falls on both. Counted
 * are the 201s answered inside each window; p50/p99 are their latencies. At the end the database is
 * checked against the counts ({@link LedgerAudit}). Exit status 0 when the audit passes and no
 * request failed.
 */
public final class PurchaseOrderThroughput {
  private static final String DATABASE = "xenia_bench";

  private PurchaseOrderThroughput() {}

  public static void main(String[] args) throws Exception {
    // Before anything logs: the broker's logback.xml reads this (JSON lines by default).
    System.setProperty("XENIA_LOG_FORMAT", System.getProperty("XENIA_LOG_FORMAT", "text"));
    Options options = Options.parse(args);
    int cores = Runtime.getRuntime().availableProcessors();
    String loadBefore = loadAverage();
    OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    say(
        "purchase-order throughput: %s; %d cores; load average %s; Java %s",
        started, cores, loadBefore, System.getProperty("java.version"));
    say("options: %s", options);

    var builder = PostgresServer.builder();
    if (options.logSql()) {
      builder.serverParameter("log_statement", "all");
    }
    int exit;
    try (PostgresServer postgres = builder.start()) {
      String jdbcUrl = postgres.createDatabase(DATABASE);
      String adminToken = ApiKeyToken.generate(UUID.randomUUID()).value();
      Map<String, Object> properties = new HashMap<>();
      properties.put("micronaut.server.port", -1);
      properties.put("micronaut.server.host", "127.0.0.1");
      properties.put("xenia.database.url", jdbcUrl);
      properties.put("xenia.database.user", postgres.user());
      properties.put("xenia.database.password", postgres.password());
      properties.put("xenia.bootstrap.admin.api-key", adminToken);
      properties.put("jpa.default.properties.hibernate.connection.pool_size", options.poolSize());
      // The embedded DHT node plays no part in purchase orders.
      properties.put("xenia.search.enabled", false);
      properties.putAll(options.brokerProperties());
      CpuMeter cpu = new CpuMeter(postgres.dataDirectory());
      EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
      try (ApplicationContext broker = server.getApplicationContext();
          LoadGenerator load = new LoadGenerator(cpu)) {
        // Setup through the broker's API (it migrates the schema at startup); the baseline then
        // works on the same database, schema and customers.
        List<Customer> customers =
            new Marketplace(URI.create("http://127.0.0.1:" + server.getPort()), adminToken)
                .customers(options.concurrency());
        try (BaselineServer baseline =
            BaselineServer.start(
                postgres.host(),
                postgres.port(),
                DATABASE,
                postgres.user(),
                postgres.password(),
                options.poolSize(),
                cores,
                cpu)) {
          Map<Target, Integer> ports = new EnumMap<>(Target.class);
          ports.put(Target.BROKER, server.getPort());
          ports.put(Target.BASELINE, baseline.port());
          say(
              "broker on 127.0.0.1:%d, baseline on 127.0.0.1:%d, PostgreSQL on %s:%d; %d customers",
              server.getPort(),
              baseline.port(),
              postgres.host(),
              postgres.port(),
              customers.size());
          exit = measure(options, load, ports, customers, jdbcUrl, postgres, loadBefore, started);
        }
      }
      if (options.logSql()) {
        Path copy = Path.of(System.getProperty("java.io.tmpdir"), "xenia-po-bench-sql.log");
        Files.copy(postgres.logFile(), copy, StandardCopyOption.REPLACE_EXISTING);
        say("statements PostgreSQL received: %s", copy);
      }
    }
    System.exit(exit);
  }

  private static int measure(
      Options options,
      LoadGenerator load,
      Map<Target, Integer> ports,
      List<Customer> customers,
      String jdbcUrl,
      PostgresServer postgres,
      String loadBefore,
      OffsetDateTime started)
      throws Exception {
    long[] created = new long[customers.size()];
    List<Measurement> all = new ArrayList<>();
    Duration window = Duration.ofSeconds(options.seconds());
    Duration ramp = Duration.ofSeconds(options.rampSeconds());

    for (Target t : options.targets()) {
      warmUp(options, load, t, ports.get(t), customers, created);
    }
    for (int round = 1; round <= options.rounds(); round++) {
      List<Target> order = new ArrayList<>(options.targets());
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (Target t : order) {
        Measurement m = load.run(t.label, round, ports.get(t), customers, ramp, window);
        add(created, m.createdPerCustomer());
        all.add(m);
        say("round %d  %-8s %s", round, t.label, line(m));
      }
    }

    var audit = new LedgerAudit(jdbcUrl, postgres.user(), postgres.password());
    List<String> failures = audit.check(customers, created);
    long errors = all.stream().mapToLong(Measurement::errors).sum();
    report(options, all, audit.passed(), failures, loadBefore, started);
    System.out.println("  info    " + audit.info());
    return failures.isEmpty() && errors == 0 ? 0 : 1;
  }

  /**
   * Loads the target, unmeasured, in slices of {@value #WARMUP_SLICE_SECONDS} s until the JIT has
   * gone quiet (its compiler threads used less than {@value #JIT_QUIET_PERCENT} % of this JVM's CPU
   * in the last slice) or {@code --warmup-seconds} have passed. The broker's code path is much
   * longer than the baseline's: it takes far longer to compile, more so on a busy machine.
   */
  private static void warmUp(
      Options options,
      LoadGenerator load,
      Target target,
      int port,
      List<Customer> customers,
      long[] created)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(options.warmupSeconds()).toNanos();
    int slices = 0;
    while (System.nanoTime() < deadline) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toSeconds();
      Measurement m =
          load.run(
              target.label,
              0,
              port,
              customers,
              Duration.ZERO,
              Duration.ofSeconds(Math.max(1, Math.min(WARMUP_SLICE_SECONDS, left))));
      add(created, m.createdPerCustomer());
      slices++;
      double jit = jitPercent(m);
      say("warm-up  %-8s %s", target.label, line(m));
      if (jit < JIT_QUIET_PERCENT && slices >= 2) {
        return;
      }
    }
    if (options.warmupSeconds() > 0) {
      say(
          "warm-up  %-8s stopped after %d s with the JIT still busy: the rounds include compilation",
          target.label, options.warmupSeconds());
    }
  }

  private static final int WARMUP_SLICE_SECONDS = 5;
  private static final double JIT_QUIET_PERCENT = 5;

  private static double jitPercent(Measurement m) {
    Long jit = m.cpuNanos().get(CpuMeter.JIT);
    Long jvm = m.cpuNanos().get(CpuMeter.JVM_TOTAL);
    return jit == null || jvm == null || jvm == 0 ? 0 : 100.0 * jit / jvm;
  }

  private static void report(
      Options options,
      List<Measurement> all,
      List<String> passed,
      List<String> failures,
      String loadBefore,
      OffsetDateTime started) {
    System.out.println();
    System.out.println("## Purchase orders through the REST API vs. a raw Vert.x baseline");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%s; %d cores (%s); load average before %s, after %s; Java %s; concurrency %d,"
            + " %d rounds of %d s per target (+%d s ramp), %d s warm-up each, pool %d.%n",
        started,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        loadBefore,
        loadAverage(),
        System.getProperty("java.version"),
        options.concurrency(),
        options.rounds(),
        options.seconds(),
        options.rampSeconds(),
        options.warmupSeconds(),
        options.poolSize());
    System.out.println();
    System.out.println("| target | orders/s | p50 ms | p99 ms | max ms | committed | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    Map<String, Double> rates = new HashMap<>();
    for (Target t : options.targets()) {
      List<Measurement> mine = all.stream().filter(m -> m.target().equals(t.label)).toList();
      long committed = mine.stream().mapToLong(Measurement::committed).sum();
      long errors = mine.stream().mapToLong(Measurement::errors).sum();
      double seconds = mine.stream().mapToDouble(Measurement::windowSeconds).sum();
      long[] latencies = merge(mine);
      double rate = committed / seconds;
      rates.put(t.label, rate);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.1f | %.1f | %.1f | %d | %d |%n",
          t.label,
          rate,
          percentileMillis(latencies, 0.50),
          percentileMillis(latencies, 0.99),
          percentileMillis(latencies, 1.0),
          committed,
          errors);
    }
    if (rates.size() == 2) {
      List<Double> perRound = new ArrayList<>();
      for (int r = 1; r <= options.rounds(); r++) {
        int round = r;
        double b = rate(all, "broker", round);
        double base = rate(all, "baseline", round);
        perRound.add(b / base);
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "broker / baseline: %.1f %% (per round: %s; goal >= 50 %%)%n",
          100 * rates.get("broker") / rates.get("baseline"),
          String.join(
              ", ",
              perRound.stream().map(x -> String.format(Locale.ROOT, "%.1f %%", 100 * x)).toList()));
    }
    cpuTable(options, all);
    all.stream()
        .filter(m -> m.errors() > 0)
        .forEach(
            m ->
                System.out.printf(
                    "errors, %s round %d: %s %s%n",
                    m.target(), m.round(), m.errorKinds(), m.errorSamples()));
    System.out.println();
    System.out.println("Audit (SQL, after the run):");
    passed.forEach(p -> System.out.println("  ok      " + p));
    failures.forEach(f -> System.out.println("  FAILED  " + f));
  }

  private static double rate(List<Measurement> all, String target, int round) {
    return all.stream()
        .filter(m -> m.target().equals(target) && m.round() == round)
        .mapToDouble(Measurement::ordersPerSecond)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static String line(Measurement m) {
    long[] sorted = m.latenciesNanos().clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%7.0f orders/s  p50 %6.1f ms  p99 %6.1f ms  cpu/order: JVM %5.2f ms (JIT %2.0f %%),"
            + " PostgreSQL %5.2f ms  (%d committed, %d errors in %.1f s)%s",
        m.ordersPerSecond(),
        percentileMillis(sorted, 0.50),
        percentileMillis(sorted, 0.99),
        perOrderMillis(m.cpuNanos().get(CpuMeter.JVM_TOTAL), m.committed()),
        jitPercent(m),
        perOrderMillis(m.cpuNanos().get(CpuMeter.POSTGRES), m.committed()),
        m.committed(),
        m.errors(),
        m.windowSeconds(),
        m.errors() > 0 ? " " + m.errorKinds() : "");
  }

  private static double perOrderMillis(Long nanos, long orders) {
    return nanos == null || orders == 0 ? Double.NaN : nanos / 1e6 / orders;
  }

  /** CPU per committed order by where it was spent, summed over the rounds, per target. */
  private static void cpuTable(Options options, List<Measurement> all) {
    List<String> groups =
        List.of(
            CpuMeter.BROKER_NETTY,
            CpuMeter.BROKER_BLOCKING,
            CpuMeter.BROKER_VERTX,
            CpuMeter.BASELINE,
            CpuMeter.LOAD_GENERATOR,
            CpuMeter.OTHER_THREADS,
            CpuMeter.JVM_INTERNAL,
            CpuMeter.JIT,
            CpuMeter.GC,
            CpuMeter.JVM_TOTAL,
            CpuMeter.JVM_SYSTEM,
            CpuMeter.POSTGRES);
    Map<String, Map<String, Long>> sums = new HashMap<>();
    Map<String, Long> orders = new HashMap<>();
    Map<String, Double> seconds = new HashMap<>();
    for (Measurement m : all) {
      m.cpuNanos()
          .forEach(
              (g, n) ->
                  sums.computeIfAbsent(m.target(), t -> new HashMap<>()).merge(g, n, Long::sum));
      orders.merge(m.target(), m.committed(), Long::sum);
      seconds.merge(m.target(), m.windowSeconds(), Double::sum);
    }
    System.out.println();
    StringBuilder header = new StringBuilder("| per committed order (CPU in ms) |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Target t : options.targets()) {
      header.append(' ').append(t.label).append(" |");
      rule.append("---:|");
    }
    System.out.println(header);
    System.out.println(rule);
    for (String g : groups) {
      StringBuilder row = new StringBuilder("| " + g + " |");
      for (Target t : options.targets()) {
        Long n = sums.getOrDefault(t.label, Map.of()).get(g);
        row.append(String.format(Locale.ROOT, " %.3f |", perOrderMillis(n, orders.get(t.label))));
      }
      System.out.println(row);
    }
    for (String counter :
        List.of(
            CpuMeter.CONTEXT_SWITCHES,
            CpuMeter.ALLOCATED_BYTES,
            CpuMeter.ALLOCATED_BYTES + ", " + CpuMeter.LOAD_GENERATOR)) {
      boolean bytes = counter.startsWith(CpuMeter.ALLOCATED_BYTES);
      StringBuilder row = new StringBuilder("| " + counter + (bytes ? " (KB)" : "") + " |");
      for (Target t : options.targets()) {
        Long n = sums.getOrDefault(t.label, Map.of()).get(counter);
        double per = n == null ? Double.NaN : (double) n / orders.get(t.label);
        row.append(String.format(Locale.ROOT, " %.1f |", bytes ? per / 1024 : per));
      }
      System.out.println(row);
    }
    StringBuilder busy =
        new StringBuilder("| cores busy, this JVM + PostgreSQL (of " + cores() + ") |");
    for (Target t : options.targets()) {
      Map<String, Long> s = sums.getOrDefault(t.label, Map.of());
      double cpu = s.getOrDefault(CpuMeter.JVM_TOTAL, 0L) + s.getOrDefault(CpuMeter.POSTGRES, 0L);
      busy.append(String.format(Locale.ROOT, " %.2f |", cpu / 1e9 / seconds.get(t.label)));
    }
    System.out.println(busy);
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static long[] merge(List<Measurement> measurements) {
    long[] merged =
        measurements.stream().flatMapToLong(m -> Arrays.stream(m.latenciesNanos())).toArray();
    Arrays.sort(merged);
    return merged;
  }

  /** Nearest-rank percentile of sorted latencies, in milliseconds. */
  private static double percentileMillis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private static void add(long[] into, long[] counts) {
    for (int i = 0; i < into.length; i++) {
      into[i] += counts[i];
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
    System.out.flush();
  }
}
