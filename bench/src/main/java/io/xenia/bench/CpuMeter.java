package io.xenia.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time, read before and after a measurement window: this JVM's (split by thread group: which
 * server, the load generator, or the JVM's own threads — JIT and GC), and PostgreSQL's (the
 * postmaster and its backends, from {@code /proc}). Divided by the orders committed, it says what
 * an order costs where, which the throughput of a noisy shared machine does not.
 */
final class CpuMeter {
  static final String LOAD_GENERATOR = "load generator";
  static final String BASELINE = "baseline server (Vert.x)";
  static final String BROKER_NETTY = "broker: Netty event loops";
  static final String BROKER_BLOCKING = "broker: io executor (auth filter)";
  static final String BROKER_VERTX = "broker: Hibernate Reactive event loops";
  static final String OTHER_THREADS = "other Java threads";
  static final String JVM_INTERNAL = "JVM internal (JIT, GC, ...)";
  static final String JIT = "  of which JIT compiler threads";
  static final String GC = "  of which GC threads";
  static final String JVM_SYSTEM = "JVM time in the kernel (of JVM total)";

  /** Counts, not CPU: bytes allocated on the Java heap, and context switches of this JVM. */
  static final String ALLOCATED_BYTES = "allocated bytes";

  static final String CONTEXT_SWITCHES = "context switches";

  /** Linux's USER_HZ: /proc reports CPU times in these ticks. */
  private static final long TICK_NANOS = 10_000_000L;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Set<Long> loadGeneratorThreads = ConcurrentHashMap.newKeySet();
  private final Set<Long> baselineThreads = ConcurrentHashMap.newKeySet();
  private final OptionalLong postmaster;

  /**
   * Cumulative counters: process-wide ones by name, Java threads' CPU and allocation by thread id,
   * and the JVM's native threads' CPU and context switches by task id. Deltas are taken per thread,
   * so that a thread that starts or ends between two samples does not skew its group.
   */
  record Sample(
      Map<String, Long> totals, Map<Long, JavaThread> javaThreads, Map<String, long[]> tasks) {}

  record JavaThread(String group, long cpuNanos, long allocatedBytes) {}

  static final String JVM_TOTAL = "JVM total";
  static final String POSTGRES = "PostgreSQL";

  CpuMeter(Path postgresDataDirectory) {
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    this.postmaster = postmasterPid(postgresDataDirectory);
  }

  void loadGeneratorThread(long id) {
    loadGeneratorThreads.add(id);
  }

  void baselineThread(long id) {
    baselineThreads.add(id);
  }

  boolean measuresPostgres() {
    return postmaster.isPresent();
  }

  Sample sample() {
    Map<String, Long> totals = new TreeMap<>();
    totals.put(JVM_TOTAL, os.getProcessCpuTime());
    Map<Long, JavaThread> java = new java.util.HashMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    long[] allocated = allocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu >= 0 && infos[i] != null) {
        java.put(
            ids[i],
            new JavaThread(
                group(ids[i], infos[i].getThreadName()), cpu, Math.max(0, allocated[i])));
      }
    }
    long[] self = stat(Path.of("/proc/self/stat"));
    if (self != null) {
      totals.put(JVM_SYSTEM, self[2] * TICK_NANOS);
    }
    postmaster.ifPresent(pid -> totals.put(POSTGRES, postgresNanos(pid)));
    return new Sample(totals, java, tasks());
  }

  private long[] allocatedBytes(long[] ids) {
    if (threads instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported()) {
      if (!sun.isThreadAllocatedMemoryEnabled()) {
        sun.setThreadAllocatedMemoryEnabled(true);
      }
      return sun.getThreadAllocatedBytes(ids);
    }
    return new long[ids.length];
  }

  /** The JVM's tasks (threads): kind (0 other, 1 JIT, 2 GC), CPU nanos, context switches. */
  private static Map<String, long[]> tasks() {
    Map<String, long[]> tasks = new java.util.HashMap<>();
    try (Stream<Path> list = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          long[] s = stat(task.resolve("stat"));
          if (s == null) {
            continue;
          }
          long kind =
              comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                  ? 1
                  : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? 2 : 0;
          long switches = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
          tasks.put(
              task.getFileName().toString(),
              new long[] {kind, (s[1] + s[2]) * TICK_NANOS, switches});
        } catch (IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return tasks;
  }

  /** What each group spent between two samples. */
  static Map<String, Long> between(Sample before, Sample after) {
    Map<String, Long> delta = new TreeMap<>();
    after.totals().forEach((k, v) -> delta.put(k, v - before.totals().getOrDefault(k, 0L)));
    long inJavaThreads = 0;
    for (var e : after.javaThreads().entrySet()) {
      JavaThread now = e.getValue();
      JavaThread then = before.javaThreads().get(e.getKey());
      long cpu = now.cpuNanos() - (then == null ? 0 : then.cpuNanos());
      long bytes = now.allocatedBytes() - (then == null ? 0 : then.allocatedBytes());
      inJavaThreads += cpu;
      delta.merge(now.group(), cpu, Long::sum);
      delta.merge(ALLOCATED_BYTES, bytes, Long::sum);
      delta.merge(ALLOCATED_BYTES + ", " + now.group(), bytes, Long::sum);
    }
    delta.put(JVM_INTERNAL, delta.getOrDefault(JVM_TOTAL, 0L) - inJavaThreads);
    for (var e : after.tasks().entrySet()) {
      long[] now = e.getValue();
      long[] then = before.tasks().get(e.getKey());
      long cpu = now[1] - (then == null ? 0 : then[1]);
      delta.merge(CONTEXT_SWITCHES, now[2] - (then == null ? 0 : then[2]), Long::sum);
      if (now[0] == 1) {
        delta.merge(JIT, cpu, Long::sum);
      } else if (now[0] == 2) {
        delta.merge(GC, cpu, Long::sum);
      }
    }
    return delta;
  }

  private String group(long id, String name) {
    if (loadGeneratorThreads.contains(id)) {
      return LOAD_GENERATOR;
    }
    if (baselineThreads.contains(id)) {
      return BASELINE;
    }
    if (name.startsWith("default-eventLoopGroup") || name.startsWith("default-nioEventLoopGroup")) {
      return BROKER_NETTY;
    }
    if (name.startsWith("io-executor-thread")) {
      return BROKER_BLOCKING;
    }
    if (name.startsWith("vert.x-eventloop-thread")) {
      return BROKER_VERTX;
    }
    return OTHER_THREADS;
  }

  private static OptionalLong postmasterPid(Path dataDirectory) {
    try (Stream<Path> files = Files.walk(dataDirectory, 2)) {
      return files
          .filter(p -> p.getFileName().toString().equals("postmaster.pid"))
          .findFirst()
          .map(
              p -> {
                try {
                  return OptionalLong.of(Long.parseLong(Files.readAllLines(p).get(0).strip()));
                } catch (IOException | RuntimeException e) {
                  return OptionalLong.empty();
                }
              })
          .orElse(OptionalLong.empty());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The postmaster's own time, that of the backends it has reaped, and that of its live children.
   */
  private static long postgresNanos(long postmaster) {
    long ticks = 0;
    long[] own = stat(Path.of("/proc", Long.toString(postmaster), "stat"));
    if (own == null) {
      return 0;
    }
    ticks += own[1] + own[2] + own[3] + own[4];
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long[] s = stat(p.resolve("stat"));
        if (s != null && s[0] == postmaster) {
          ticks += s[1] + s[2];
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * TICK_NANOS;
  }

  /** ppid, utime, stime, cutime, cstime from /proc/PID/stat; null if it is gone. */
  private static long[] stat(Path file) {
    try {
      String s = Files.readString(file);
      // The command name (field 2) is in parentheses and may hold spaces.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
      return new long[] {
        Long.parseLong(f[1]),
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        Long.parseLong(f[13]),
        Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
