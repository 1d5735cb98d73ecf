package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One machine's cgroup: one directory on cgroup v2, one per hierarchy (cpu, cpuacct, memory) on v1.
 * Every process of the machine (its init, dropbear, the customer's shells, the SSH forwarder) lives
 * in it, so the limits hold for all of them and "kill everything" is "kill every pid in here".
 */
record MachineCgroup(boolean v2, List<Path> dirs) {
  private static final long PERIOD_US = 100_000;

  MachineCgroup {
    dirs = List.copyOf(dirs);
  }

  /** Creates the directories (and, on v2, delegates cpu and memory down to them). */
  void create() throws DriverException {
    for (int attempt = 1; ; attempt++) {
      try {
        for (Path dir : dirs) {
          if (v2) {
            enableControllers(dir.getParent());
          }
          Files.createDirectories(dir);
        }
        return;
      } catch (NoSuchFileException e) {
        // The shared parent was removed between our mkdirs by the wipe of another state
        // directory's last machine: make it again.
        if (attempt == 3) {
          throw new DriverException(
              DriverException.Kind.FAILED, "cannot create cgroup " + dirs + ": " + e, e);
        }
      } catch (IOException e) {
        throw new DriverException(
            DriverException.Kind.FAILED, "cannot create cgroup " + dirs + ": " + e, e);
      }
    }
  }

  private static void enableControllers(Path parent) throws IOException {
    if (!parent.equals(CgroupHierarchy.MOUNT)) {
      enableControllers(parent.getParent());
      Files.createDirectories(parent);
    }
    Path control = parent.resolve("cgroup.subtree_control");
    String enabled = Files.readString(control);
    if (!(enabled.contains("cpu") && enabled.contains("memory"))) {
      Files.writeString(control, "+cpu +memory");
    }
  }

  boolean exists() {
    return dirs.stream().anyMatch(Files::isDirectory);
  }

  /** Sets cpu.max / memory.max (v2) or the CFS quota / memory limit (v1), live. */
  void apply(Limits limits) throws DriverException {
    long quota = limits.cpuCores() * PERIOD_US;
    long bytes = limits.memoryMiB() << 20;
    for (Path dir : dirs) {
      if (v2) {
        write(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
        write(dir.resolve("memory.max"), Long.toString(bytes));
      } else if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
        write(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
      } else if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
        write(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
      }
    }
  }

  /** The limits in force, if both are set. */
  Optional<Limits> limits() {
    Long quota = null;
    Long period = null;
    Long bytes = null;
    for (Path dir : dirs) {
      if (v2) {
        String[] cpu = read(dir.resolve("cpu.max")).orElse("max").split(" ");
        if (!cpu[0].equals("max") && cpu.length == 2) {
          quota = Long.parseLong(cpu[0]);
          period = Long.parseLong(cpu[1]);
        }
        bytes =
            read(dir.resolve("memory.max"))
                .filter(s -> !s.equals("max"))
                .map(Long::parseLong)
                .orElse(null);
      } else if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
        quota =
            read(dir.resolve("cpu.cfs_quota_us"))
                .map(Long::parseLong)
                .filter(q -> q > 0)
                .orElse(null);
        period = read(dir.resolve("cpu.cfs_period_us")).map(Long::parseLong).orElse(null);
      } else if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
        // v1 reads "no limit" as a huge page-rounded number.
        bytes =
            read(dir.resolve("memory.limit_in_bytes"))
                .map(Long::parseLong)
                .filter(b -> b < (1L << 60))
                .orElse(null);
      }
    }
    if (quota == null || period == null || bytes == null) {
      return Optional.empty();
    }
    return Optional.of(new Limits((int) ((quota + period - 1) / period), bytes >> 20));
  }

  /** CPU time of every process in the machine, ever (v2 cpu.stat usage_usec, v1 cpuacct.usage). */
  long cpuNanos() {
    for (Path dir : dirs) {
      if (v2) {
        for (String line : read(dir.resolve("cpu.stat")).orElse("").split("\n")) {
          if (line.startsWith("usage_usec ")) {
            return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
          }
        }
      } else if (Files.exists(dir.resolve("cpuacct.usage"))) {
        return read(dir.resolve("cpuacct.usage")).map(Long::parseLong).orElse(0L);
      }
    }
    return 0;
  }

  /** Memory in use now (v2 memory.current, v1 memory.usage_in_bytes). */
  long memoryBytes() {
    for (Path dir : dirs) {
      Path file = dir.resolve(v2 ? "memory.current" : "memory.usage_in_bytes");
      if (Files.exists(file)) {
        return read(file).map(Long::parseLong).orElse(0L);
      }
    }
    return 0;
  }

  /** Every pid in the machine, from every hierarchy. */
  Set<Long> pids() {
    Set<Long> pids = new LinkedHashSet<>();
    for (Path dir : dirs) {
      for (String line : read(dir.resolve("cgroup.procs")).orElse("").split("\n")) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.strip()));
        }
      }
    }
    return pids;
  }

  /** The shell lines that move the calling shell ($$) into this cgroup before it execs. */
  String joinScript() {
    StringBuilder script = new StringBuilder();
    for (Path dir : dirs) {
      script.append("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' || exit 97; ");
    }
    return script.toString();
  }

  /**
   * Freezes or thaws every process of the machine and waits until the kernel reports it done, so
   * that a caller who was told "paused" can rely on nothing running any more. cgroup v2: the
   * machine's {@code cgroup.freeze} (until {@code cgroup.events} says {@code frozen 1|0}); v1: a
   * cgroup of the same name in the {@code freezer} hierarchy that every process of the machine is
   * moved into ({@code freezer.state} FROZEN/THAWED). A process forked while the pids move is moved
   * by the next round; once frozen nothing forks.
   */
  void freeze(boolean frozen) throws DriverException {
    if (v2) {
      Path dir = dirs.get(0);
      write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
      awaitContent(dir.resolve("cgroup.events"), "frozen " + (frozen ? "1" : "0"));
      return;
    }
    Path freezer = freezerDir();
    if (!Files.isDirectory(CgroupHierarchy.MOUNT.resolve("freezer"))) {
      throw new DriverException(
          DriverException.Kind.UNSUPPORTED,
          "pausing a netns machine needs cgroup v2 or the v1 freezer hierarchy; this host has"
              + " neither");
    }
    if (!frozen) {
      if (Files.isDirectory(freezer)) {
        write(freezer.resolve("freezer.state"), "THAWED");
        awaitContent(freezer.resolve("freezer.state"), "THAWED");
      }
      return;
    }
    try {
      Files.createDirectories(freezer);
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot create freezer cgroup " + freezer + ": " + e, e);
    }
    for (int round = 0; round < 20; round++) {
      Set<Long> in = pidsOf(freezer);
      Set<Long> missing = new LinkedHashSet<>(pids());
      missing.removeAll(in);
      if (missing.isEmpty() && round > 0) {
        break;
      }
      for (long pid : missing) {
        try {
          Files.writeString(freezer.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException e) {
          // It exited meanwhile.
        }
      }
    }
    write(freezer.resolve("freezer.state"), "FROZEN");
    awaitContent(freezer.resolve("freezer.state"), "FROZEN");
  }

  /** Whether the machine is frozen now. */
  boolean frozen() {
    if (v2) {
      return read(dirs.get(0).resolve("cgroup.events")).orElse("").contains("frozen 1");
    }
    return read(freezerDir().resolve("freezer.state")).orElse("").equals("FROZEN");
  }

  /** v1: the machine's cgroup in the freezer hierarchy (same path below the hierarchy's root). */
  private Path freezerDir() {
    Path relative = CgroupHierarchy.MOUNT.relativize(dirs.get(0));
    return CgroupHierarchy.MOUNT
        .resolve("freezer")
        .resolve(relative.subpath(1, relative.getNameCount()));
  }

  private static Set<Long> pidsOf(Path dir) {
    Set<Long> pids = new LinkedHashSet<>();
    for (String line : read(dir.resolve("cgroup.procs")).orElse("").split("\n")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }

  private static void awaitContent(Path file, String want) throws DriverException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!read(file).orElse("").contains(want)) {
      if (System.nanoTime() > deadline) {
        throw new DriverException(
            DriverException.Kind.FAILED, file + " did not say " + want + " within 5 s");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException(DriverException.Kind.FAILED, "interrupted", e);
      }
    }
  }

  /** Removes the directories; they must be empty of processes (rmdir of a cgroup needs that). */
  void remove() throws DriverException {
    List<String> failed = new ArrayList<>();
    List<Path> all = new ArrayList<>(dirs);
    if (!v2) {
      all.add(freezerDir());
    }
    for (Path dir : all) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        failed.add(dir + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new DriverException(DriverException.Kind.FAILED, "cannot remove cgroup " + failed);
    }
  }

  /** Removes the parents too when no other machine uses them; another machine's keeps them. */
  void removeParentsIfEmpty() {
    List<Path> all = new ArrayList<>(dirs);
    if (!v2) {
      all.add(freezerDir());
    }
    for (Path dir : all) {
      try {
        Files.deleteIfExists(dir.getParent());
      } catch (IOException e) {
        // Another machine's cgroup is still in there: the parent stays.
      }
    }
  }

  private static void write(Path file, String value) throws DriverException {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot write " + value + " to " + file + ": " + e, e);
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
