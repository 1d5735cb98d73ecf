package io.xenia.bench;

import java.util.ArrayList;
import java.util.List;

/** The harness's command line: {@code --name value} pairs, all optional. */
record Options(
    int seconds,
    int warmupSeconds,
    int rampSeconds,
    int concurrency,
    int rounds,
    int poolSize,
    List<Target> targets,
    boolean logSql,
    java.util.Map<String, String> brokerProperties) {

  static final String USAGE =
      """
      usage: PurchaseOrderThroughput [options]
        --seconds N          measured seconds per target per round (default 10)
        --warmup-seconds N   most of the initial warm-up per target, not measured (default 60);
                             it ends sooner once the JIT is quiet (under 5 % of the JVM's CPU)
        --ramp-seconds N     unmeasured seconds at the start of every measurement (default 1)
        --concurrency N      concurrent client connections, one customer each (default 16)
        --rounds N           rounds; each measures both targets, alternating who goes first (default 3)
        --pool-size N        PostgreSQL connections of each server (broker and baseline; default 10)
        --targets LIST       broker,baseline (default), or just one of them (for profiling)
        --broker-property K=V  an extra configuration property for the broker (repeatable), for
                             experiments, e.g. micronaut.metrics.enabled=false
        --log-sql            log every statement PostgreSQL receives (log_statement=all) and print
                             the log's path: to check that both targets send the same SQL
      """;

  enum Target {
    BROKER("broker"),
    BASELINE("baseline");

    final String label;

    Target(String label) {
      this.label = label;
    }
  }

  static Options parse(String[] args) {
    int seconds = 10;
    int warmup = 60;
    int ramp = 1;
    int concurrency = 16;
    int rounds = 3;
    int poolSize = 10;
    List<Target> targets = List.of(Target.BROKER, Target.BASELINE);
    boolean logSql = false;
    java.util.Map<String, String> brokerProperties = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (name.equals("--log-sql")) {
        logSql = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
      }
      String value = args[++i];
      switch (name) {
        case "--seconds" -> seconds = positive(name, value);
        case "--warmup-seconds" -> warmup = nonNegative(name, value);
        case "--ramp-seconds" -> ramp = nonNegative(name, value);
        case "--concurrency" -> concurrency = positive(name, value);
        case "--rounds" -> rounds = positive(name, value);
        case "--pool-size" -> poolSize = positive(name, value);
        case "--targets" -> targets = targets(value);
        case "--broker-property" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--broker-property needs key=value: " + value);
          }
          brokerProperties.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    return new Options(
        seconds,
        warmup,
        ramp,
        concurrency,
        rounds,
        poolSize,
        targets,
        logSql,
        java.util.Map.copyOf(brokerProperties));
  }

  private static List<Target> targets(String value) {
    List<Target> targets = new ArrayList<>();
    for (String t : value.split(",")) {
      targets.add(
          switch (t.strip()) {
            case "broker" -> Target.BROKER;
            case "baseline" -> Target.BASELINE;
            default -> throw new IllegalArgumentException("unknown target " + t);
          });
    }
    if (targets.isEmpty() || targets.stream().distinct().count() != targets.size()) {
      throw new IllegalArgumentException("--targets: broker, baseline or both, once each");
    }
    return List.copyOf(targets);
  }

  private static int positive(String name, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1");
    }
    return n;
  }

  private static int nonNegative(String name, String value) {
    int n = Integer.parseInt(value);
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return n;
  }
}
