package io.xenia.deploy.market;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can run netns machines (docs/host-daemon.md, "Host requirements"): root, and
 * the tools the netns driver runs. The launcher installs nothing: it says what is missing and
 * offers fake machines instead. (The tests' {@code MachinePrerequisites} installs the same Debian
 * packages.)
 */
public final class NetnsSupport {
  /** The Debian packages that provide the tools below. */
  public static final String PACKAGES = "dropbear-bin busybox-static socat iproute2 util-linux";

  private static final List<String> TOOLS =
      List.of("busybox", "dropbear", "socat", "ip", "nsenter", "unshare", "setsid", "setpriv");

  private NetnsSupport() {}

  /** Empty when netns machines can run here; otherwise why not. */
  public static Optional<String> missing() {
    if (!isRoot()) {
      return Optional.of("not running as root (netns machines need namespaces and cgroups)");
    }
    List<String> absent = new ArrayList<>();
    for (String tool : TOOLS) {
      if (find(tool).isEmpty()) {
        absent.add(tool);
      }
    }
    if (!absent.isEmpty()) {
      return Optional.of(
          "missing " + String.join(", ", absent) + " (apt-get install " + PACKAGES + ")");
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup"))) {
      return Optional.of("no cgroup file system at /sys/fs/cgroup");
    }
    return Optional.empty();
  }

  static boolean isRoot() {
    try {
      return "root".equals(System.getProperty("user.name"))
          || Files.readString(Path.of("/proc/self/status"))
              .lines()
              .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
