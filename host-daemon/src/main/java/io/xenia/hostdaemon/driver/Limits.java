package io.xenia.hostdaemon.driver;

/**
 * The CPU and memory a deployment may use: the agreed resources, enforced by the driver (cgroups
 * for netns, the VM's size for qemu).
 */
public record Limits(int cpuCores, long memoryMiB) {
  public Limits {
    if (cpuCores <= 0 || memoryMiB <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive: " + cpuCores + " cores, " + memoryMiB + " MiB");
    }
  }
}
