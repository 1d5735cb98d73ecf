package io.xenia.bench.placement;

import io.xenia.broker.sessions.Candidate;
import io.xenia.broker.sessions.GroupConstraints;
import io.xenia.broker.sessions.NoPlacementException;
import io.xenia.dht.query.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Match-and-claim placement decisions per second over a catalogue of 10,000 hosts, concurrent
 * requests, and a check that no machine was ever held by two requests at once.
 *
 * <p>One decision: match the request's query against every host of the catalogue that is not leased
 * (the search index's view: a leased machine advertises nothing available), keep at most {@code
 * --max-candidates} (the broker's {@code xenia.sessions.max-candidates}), plan with the placement
 * under test, then claim one slot at a time as the broker does with a host's admission: an atomic
 * compare-and-set of the machine's holder (a machine is admitted once); a lost race is a refusal
 * and the plan's next candidate follows. A request that cannot be completed releases what it
 * claimed. Leases end: each worker releases its oldest lease once it holds its share of {@code
 * --occupancy} of the catalogue, so the catalogue stays partly leased and races happen.
 *
 * <p>Targets, measured in the same run, alternating order per round: {@code placement} (the
 * broker's {@code Placement} on this branch), {@code full-sort} (the placement before this
 * benchmark, which sorted every candidate per request) and {@code first-fit} (the baseline: the
 * same match and claim, no ranking, only distinct owners).
 */
public final class PlacementBench {
  /** A request shape: query, count, constraints. */
  record Shape(String text, Query query, int count, GroupConstraints constraints) {
    static Shape of(String text, int count, boolean distinctOwners, boolean sameRegion) {
      return new Shape(
          text, Query.parse(text), count, new GroupConstraints(distinctOwners, sameRegion));
    }

    @Override
    public String toString() {
      return "'"
          + text
          + "' ×"
          + count
          + (constraints.distinctOwners() ? " distinct owners" : "")
          + (constraints.sameRegion() ? " same region" : "");
    }
  }

  static final List<Shape> SHAPES =
      List.of(
          Shape.of("cpu>=1", 1, false, false),
          Shape.of("cpu>=4 region=eu-*", 1, false, false),
          Shape.of("cpu>=2 price<=0.15", 1, false, false),
          Shape.of("cpu>=8 mem>=32768 price<=1.50", 3, true, false),
          Shape.of("region=us-east cpu>=16", 3, true, false),
          Shape.of("cpu>=1", 3, true, false),
          Shape.of("cpu>=2 region=eu-*", 3, true, true));

  /** One machine held by one request, from one claim to its release (global sequence numbers). */
  static final class Lease {
    final int machine;
    final long request;
    final long claimed;
    volatile long released = Long.MAX_VALUE;

    Lease(int machine, long request, long claimed) {
      this.machine = machine;
      this.request = request;
      this.claimed = claimed;
    }
  }

  /** A placed request, for the checks at the end. */
  record Placed(Shape shape, List<Candidate> chosen) {}

  private final Catalogue catalogue;
  private final int maxCandidates;
  private final int threads;
  private final double occupancy;
  private final AtomicLongArray holder;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final List<Lease> leases = new ArrayList<>();
  private final List<Placed> placed = new ArrayList<>();

  PlacementBench(Catalogue catalogue, int maxCandidates, int threads, double occupancy) {
    this.catalogue = catalogue;
    this.maxCandidates = maxCandidates;
    this.threads = threads;
    this.occupancy = occupancy;
    this.holder = new AtomicLongArray(catalogue.size());
  }

  /** What one target did in one window. */
  record Result(
      long placed, long unplaced, long refusals, double seconds, long[] nanos, long[] unplacedBy) {
    double perSecond() {
      return placed / seconds;
    }

    double decisionsPerSecond() {
      return (placed + unplaced) / seconds;
    }

    long percentile(double p) {
      if (nanos.length == 0) {
        return 0;
      }
      return nanos[Math.min(nanos.length - 1, (int) Math.floor(p * nanos.length))];
    }
  }

  /** Runs {@code planner} on {@code threads} workers for {@code seconds}; all leases end after. */
  Result run(Planner planner, double seconds, boolean record) throws InterruptedException {
    int share = (int) (catalogue.size() * occupancy / threads);
    long[] placedCount = new long[threads];
    long[] unplacedCount = new long[threads];
    long[] refusalCount = new long[threads];
    List<long[]> latencies = new ArrayList<>();
    int[] latencyCount = new int[threads];
    List<List<Lease>> threadLeases = new ArrayList<>();
    List<List<Placed>> threadPlaced = new ArrayList<>();
    AtomicLongArray unplacedByShape = new AtomicLongArray(SHAPES.size());
    CountDownLatch done = new CountDownLatch(threads);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int t = 0; t < threads; t++) {
      int worker = t;
      latencies.add(new long[1 << 16]);
      threadLeases.add(new ArrayList<>());
      threadPlaced.add(new ArrayList<>());
      Thread thread =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(worker * 7919L + 1);
                ArrayDeque<Lease> held = new ArrayDeque<>();
                while (System.nanoTime() < end) {
                  int shapeIndex = random.nextInt(SHAPES.size());
                  Shape shape = SHAPES.get(shapeIndex);
                  long began = System.nanoTime();
                  List<Lease> got = decide(planner, shape, random, refusalCount, worker);
                  long took = System.nanoTime() - began;
                  if (got == null) {
                    unplacedCount[worker]++;
                    unplacedByShape.incrementAndGet(shapeIndex);
                  } else {
                    placedCount[worker]++;
                    held.addAll(got);
                    if (record) {
                      threadLeases.get(worker).addAll(got);
                      List<Candidate> chosen = new ArrayList<>();
                      got.forEach(l -> chosen.add(catalogue.machines.get(l.machine)));
                      threadPlaced.get(worker).add(new Placed(shape, chosen));
                    }
                    while (held.size() > share) {
                      release(held.poll());
                    }
                  }
                  long[] mine = latencies.get(worker);
                  if (latencyCount[worker] == mine.length) {
                    mine = Arrays.copyOf(mine, mine.length * 2);
                    latencies.set(worker, mine);
                  }
                  mine[latencyCount[worker]++] = took;
                }
                held.forEach(this::release);
                done.countDown();
              },
              "placement-" + worker);
      thread.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long p = 0;
    long u = 0;
    long r = 0;
    int n = 0;
    for (int t = 0; t < threads; t++) {
      p += placedCount[t];
      u += unplacedCount[t];
      r += refusalCount[t];
      n += latencyCount[t];
    }
    long[] all = new long[n];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(latencies.get(t), 0, all, at, latencyCount[t]);
      at += latencyCount[t];
    }
    Arrays.sort(all);
    threadLeases.forEach(leases::addAll);
    threadPlaced.forEach(placed::addAll);
    for (int i = 0; i < holder.length(); i++) {
      if (holder.get(i) != 0) {
        throw new IllegalStateException("machine " + i + " still held after the run");
      }
    }
    long[] by = new long[SHAPES.size()];
    for (int i = 0; i < by.length; i++) {
      by[i] = unplacedByShape.get(i);
    }
    return new Result(p, u, r, elapsed, all, by);
  }

  /** One match-and-claim decision; the leases it took, or null when the request was not placed. */
  private List<Lease> decide(
      Planner planner, Shape shape, SplittableRandom random, long[] refusals, int worker) {
    long request = requests.incrementAndGet();
    List<Candidate> candidates = match(shape.query(), random.nextInt(catalogue.size()));
    Planner.Plan plan;
    try {
      plan = planner.plan(candidates, shape.count(), shape.constraints());
    } catch (NoPlacementException e) {
      return null;
    }
    List<Lease> got = new ArrayList<>(shape.count());
    while (!plan.isComplete()) {
      Optional<Candidate> next = plan.next();
      if (next.isEmpty()) {
        break;
      }
      Candidate c = next.get();
      int machine = catalogue.indexOf(c);
      if (holder.compareAndSet(machine, 0, request)) {
        got.add(new Lease(machine, request, sequence.incrementAndGet()));
        plan.admitted(c);
      } else {
        refusals[worker]++;
        plan.refused(c);
      }
    }
    if (!plan.isComplete()) {
      got.forEach(this::release);
      return null;
    }
    return got;
  }

  private void release(Lease lease) {
    lease.released = sequence.incrementAndGet();
    if (!holder.compareAndSet(lease.machine, lease.request, 0)) {
      throw new IllegalStateException("machine " + lease.machine + " was not held by its lease");
    }
  }

  /** The index's answer: unleased machines matching the query, at most maxCandidates. */
  private List<Candidate> match(Query query, int from) {
    List<Candidate> out = new ArrayList<>();
    int n = catalogue.size();
    for (int k = 0; k < n && out.size() < maxCandidates; k++) {
      int i = (from + k) % n;
      if (holder.get(i) != 0) {
        continue;
      }
      if (query.matches(catalogue.attributes.get(i))) {
        out.add(catalogue.machines.get(i));
      }
    }
    return out;
  }

  /** The checks: no machine in two leases at once; every placement as its request asked. */
  List<String> audit() {
    List<String> problems = new ArrayList<>();
    List<List<Lease>> byMachine = new ArrayList<>();
    for (int i = 0; i < catalogue.size(); i++) {
      byMachine.add(new ArrayList<>());
    }
    leases.forEach(l -> byMachine.get(l.machine).add(l));
    for (List<Lease> ls : byMachine) {
      ls.sort((a, b) -> Long.compare(a.claimed, b.claimed));
      for (int i = 1; i < ls.size(); i++) {
        Lease before = ls.get(i - 1);
        Lease after = ls.get(i);
        if (after.claimed < before.released) {
          problems.add(
              "machine "
                  + after.machine
                  + " double booked: request "
                  + before.request
                  + " and request "
                  + after.request);
        }
      }
    }
    for (Placed p : placed) {
      Set<String> keys = new HashSet<>();
      Set<String> owners = new HashSet<>();
      Set<String> regions = new HashSet<>();
      for (Candidate c : p.chosen()) {
        keys.add(c.machineKey());
        owners.add(c.owner());
        regions.add(c.region());
        if (!p.shape().query().matches(catalogue.attributes.get(catalogue.indexOf(c)))) {
          problems.add(c.machineKey() + " does not match " + p.shape());
        }
      }
      if (p.chosen().size() != p.shape().count() || keys.size() != p.shape().count()) {
        problems.add("a request for " + p.shape() + " got " + p.chosen().size() + " machines");
      }
      if (p.shape().constraints().distinctOwners() && owners.size() != p.chosen().size()) {
        problems.add("owners not distinct for " + p.shape());
      }
      if (p.shape().constraints().sameRegion() && regions.size() != 1) {
        problems.add("regions not one for " + p.shape());
      }
    }
    return problems;
  }

  long leaseCount() {
    return leases.size();
  }

  long placedCount() {
    return placed.size();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("hosts", "10000");
    opts.put("owners", "500");
    opts.put("max-candidates", "1000");
    opts.put("threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
    opts.put("seconds", "5");
    opts.put("warmup-seconds", "5");
    opts.put("rounds", "3");
    opts.put("occupancy", "0.5");
    opts.put("targets", "placement,full-sort,first-fit");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length || !opts.containsKey(a.substring(2))) {
        System.err.println("usage: PlacementBench " + describe(opts));
        System.exit(2);
      }
      opts.put(a.substring(2), args[++i]);
    }
    int hosts = Integer.parseInt(opts.get("hosts"));
    int threads = Integer.parseInt(opts.get("threads"));
    double seconds = Double.parseDouble(opts.get("seconds"));
    double warmup = Double.parseDouble(opts.get("warmup-seconds"));
    int rounds = Integer.parseInt(opts.get("rounds"));
    Map<String, Planner> targets = new LinkedHashMap<>();
    for (String t : opts.get("targets").split(",")) {
      targets.put(
          t,
          switch (t) {
            case "placement" -> Planner.BROKER;
            case "full-sort" -> Planner.FULL_SORT;
            case "first-fit" -> FirstFit.PLANNER;
            default -> throw new IllegalArgumentException("unknown target " + t);
          });
    }
    System.out.printf(
        "PlacementBench %s%n  %d cores, load average %s%n",
        describe(opts), Runtime.getRuntime().availableProcessors(), loadAverage());
    Catalogue catalogue = new Catalogue(hosts, Integer.parseInt(opts.get("owners")), 42);
    PlacementBench bench =
        new PlacementBench(
            catalogue,
            Integer.parseInt(opts.get("max-candidates")),
            threads,
            Double.parseDouble(opts.get("occupancy")));
    System.out.println("  request shapes (picked at random, equally often):");
    for (Shape s : SHAPES) {
      long matching = catalogue.attributes.stream().filter(a -> s.query().matches(a)).count();
      System.out.printf(
          "    %-55s matches %5d of %d hosts (%.1f %%)%n",
          s, matching, hosts, 100.0 * matching / hosts);
    }
    for (var e : targets.entrySet()) {
      Result w = bench.run(e.getValue(), warmup, true);
      System.out.printf("  warm-up %-10s %8.0f placed/s%n", e.getKey(), w.perSecond());
    }
    Map<String, List<Result>> results = new LinkedHashMap<>();
    targets.keySet().forEach(k -> results.put(k, new ArrayList<>()));
    List<String> names = new ArrayList<>(targets.keySet());
    for (int round = 1; round <= rounds; round++) {
      List<String> order = new ArrayList<>(names);
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (String name : order) {
        Result r = bench.run(targets.get(name), seconds, true);
        results.get(name).add(r);
        System.out.printf(
            "  round %d %-10s %8.0f placed/s %8.0f decisions/s  p50 %6.3f ms  p99 %6.3f ms"
                + "  refusals %d  unplaced %d  load %s%n",
            round,
            name,
            r.perSecond(),
            r.decisionsPerSecond(),
            r.percentile(0.5) / 1e6,
            r.percentile(0.99) / 1e6,
            r.refusals(),
            r.unplaced(),
            loadAverage());
      }
    }
    System.out.println("  unplaced requests by shape, all rounds:");
    for (int i = 0; i < SHAPES.size(); i++) {
      StringBuilder line = new StringBuilder(String.format("    %-55s", SHAPES.get(i)));
      for (var e : results.entrySet()) {
        long sum = 0;
        for (Result r : e.getValue()) {
          sum += r.unplacedBy()[i];
        }
        line.append(String.format(" %s %6d", e.getKey(), sum));
      }
      System.out.println(line);
    }
    for (String[] pair :
        new String[][] {
          {"placement", "first-fit"}, {"full-sort", "first-fit"}, {"placement", "full-sort"}
        }) {
      if (!results.containsKey(pair[0]) || !results.containsKey(pair[1])) {
        continue;
      }
      double[] ratios = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] =
            results.get(pair[0]).get(i).perSecond() / results.get(pair[1]).get(i).perSecond();
      }
      StringBuilder line = new StringBuilder();
      for (double x : ratios) {
        line.append(String.format(" %.2f", x));
      }
      Arrays.sort(ratios);
      System.out.printf(
          "  %s / %s per round:%s, median %.2f%n", pair[0], pair[1], line, ratios[rounds / 2]);
    }
    System.out.println("  median over rounds:");
    Map<String, Double> medians = new LinkedHashMap<>();
    for (var e : results.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Result::perSecond).sorted().toArray();
      double[] p50 =
          e.getValue().stream().mapToDouble(r -> r.percentile(0.5) / 1e6).sorted().toArray();
      double[] p99 =
          e.getValue().stream().mapToDouble(r -> r.percentile(0.99) / 1e6).sorted().toArray();
      medians.put(e.getKey(), v[v.length / 2]);
      System.out.printf(
          "    %-10s %8.0f placed/s  p50 %6.3f ms  p99 %6.3f ms%n",
          e.getKey(), v[v.length / 2], p50[p50.length / 2], p99[p99.length / 2]);
    }
    if (medians.containsKey("first-fit")) {
      double base = medians.get("first-fit");
      for (var e : medians.entrySet()) {
        System.out.printf("    %-10s / first-fit = %.2f%n", e.getKey(), e.getValue() / base);
      }
    }
    if (medians.containsKey("placement") && medians.containsKey("full-sort")) {
      System.out.printf(
          "    placement / full-sort = %.2f%n",
          medians.get("placement") / medians.get("full-sort"));
    }
    List<String> problems = bench.audit();
    System.out.printf(
        "  audit: %d placed requests, %d leases (warm-ups included): %s%n",
        bench.placedCount(),
        bench.leaseCount(),
        problems.isEmpty() ? "no machine held twice at once, every placement as asked" : "FAILED");
    problems.stream().limit(20).forEach(p -> System.out.println("    " + p));
    System.out.println("  load average at the end " + loadAverage());
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  private static String describe(Map<String, String> opts) {
    StringBuilder b = new StringBuilder();
    opts.forEach((k, v) -> b.append("--").append(k).append(' ').append(v).append(' '));
    return b.toString().trim();
  }
}
