package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where this host keeps its cgroups. The issue asks for cgroup v2 ({@code cpu.max}, {@code
 * memory.max}); hosts still booted with the v1/hybrid layout (like this project's build machines:
 * cpu, cpuacct and memory as separate v1 hierarchies, a controller-less v2 at {@code unified}) get
 * the same limits through the v1 files ({@code cpu.cfs_quota_us}, {@code memory.limit_in_bytes}).
 */
record CgroupHierarchy(boolean v2, List<Path> roots) {
  static final Path MOUNT = Path.of("/sys/fs/cgroup");

  /** Detects the layout: v2 when the unified root delegates cpu and memory, else v1. */
  static CgroupHierarchy detect() throws DriverException {
    Path controllers = MOUNT.resolve("cgroup.controllers");
    try {
      if (Files.exists(controllers)) {
        Set<String> names = Set.of(Files.readString(controllers).strip().split("\\s+"));
        if (names.contains("cpu") && names.contains("memory")) {
          return new CgroupHierarchy(true, List.of(MOUNT));
        }
      }
      // v1: cpu and cpuacct are often co-mounted (cpu,cpuacct with two symlinks): dedupe real
      // paths.
      Set<Path> roots = new LinkedHashSet<>();
      for (String controller : List.of("cpu", "cpuacct", "memory")) {
        Path root = MOUNT.resolve(controller);
        if (!Files.isDirectory(root)) {
          throw new DriverException(
              DriverException.Kind.FAILED,
              "no cgroup v2 with cpu+memory and no v1 " + controller + " hierarchy under " + MOUNT);
        }
        roots.add(root.toRealPath());
      }
      return new CgroupHierarchy(false, new ArrayList<>(roots));
    } catch (IOException e) {
      throw new DriverException(DriverException.Kind.FAILED, "cannot read cgroups: " + e, e);
    }
  }

  /** The directories of the cgroup {@code parent/leaf} in every hierarchy. */
  MachineCgroup machine(String parent, String leaf) {
    List<Path> dirs = new ArrayList<>();
    for (Path root : roots) {
      dirs.add(root.resolve(parent).resolve(leaf));
    }
    return new MachineCgroup(v2, dirs);
  }
}
