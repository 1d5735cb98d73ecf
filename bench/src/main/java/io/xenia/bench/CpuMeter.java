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

  /** CPU nanoseconds by group, PostgreSQL's under {@link #POSTGRES}. */
  record Sample(Map<String, Long> nanos) {}

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
    Map<String, Long> nanos = new TreeMap<>();
    long jvm = os.getProcessCpuTime();
    nanos.put(JVM_TOTAL, jvm);
    long inThreads = 0;
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    long[] allocated = allocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu < 0 || infos[i] == null) {
        continue;
      }
      inThreads += cpu;
      String group = group(ids[i], infos[i].getThreadName());
      nanos.merge(group, cpu, Long::sum);
      if (allocated[i] > 0) {
        nanos.merge(ALLOCATED_BYTES + ", " + group, allocated[i], Long::sum);
        nanos.merge(ALLOCATED_BYTES, allocated[i], Long::sum);
      }
    }
    nanos.put(JVM_INTERNAL, jvm - inThreads);
    jvmThreads(nanos);
    postmaster.ifPresent(pid -> nanos.put(POSTGRES, postgresNanos(pid)));
    return new Sample(nanos);
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

  /**
   * From /proc/self: the JVM's kernel time, its threads' context switches, and the CPU of the JVM's
   * own (non-Java) threads by name: the JIT compilers and the garbage collector.
   */
  private static void jvmThreads(Map<String, Long> into) {
    long[] self = stat(Path.of("/proc/self/stat"));
    if (self == null) {
      return;
    }
    into.put(JVM_SYSTEM, self[2] * TICK_NANOS);
    long jit = 0;
    long gc = 0;
    long switches = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          long[] s = stat(task.resolve("stat"));
          long cpu = s == null ? 0 : (s[1] + s[2]) * TICK_NANOS;
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            jit += cpu;
          } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            gc += cpu;
          }
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return;
    }
    into.put(JIT, jit);
    into.put(GC, gc);
    into.put(CONTEXT_SWITCHES, switches);
  }

  /** What each group spent between two samples. */
  static Map<String, Long> between(Sample before, Sample after) {
    Map<String, Long> delta = new TreeMap<>();
    after.nanos().forEach((k, v) -> delta.put(k, v - before.nanos().getOrDefault(k, 0L)));
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
