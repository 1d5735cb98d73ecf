package io.xenia.protocol.records;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;

/**
 * An amount of machine resources: what a machine has, what is free, or what was agreed.
 *
 * @param cpuCores logical CPU cores (hardware threads), ≥ 0
 * @param memoryMiB RAM in MiB (2^20 bytes), ≥ 0
 * @param diskGiB local disk in GiB (2^30 bytes), ≥ 0
 * @param networkMbps network bandwidth in megabits (10^6 bits) per second, ≥ 0
 * @param gpuCount number of GPUs, ≥ 0
 * @param gpuModel the GPU model as the vendor names it, like {@code "NVIDIA H100 80GB"}, or empty;
 *     at most 128 characters, no control characters
 */
public record Resources(
    int cpuCores, long memoryMiB, long diskGiB, long networkMbps, int gpuCount, String gpuModel) {

  /** Validates every field. */
  public Resources {
    RecordChecks.count(cpuCores, "cpuCores");
    RecordChecks.quantity(memoryMiB, "memoryMiB");
    RecordChecks.quantity(diskGiB, "diskGiB");
    RecordChecks.quantity(networkMbps, "networkMbps");
    RecordChecks.count(gpuCount, "gpuCount");
    RecordChecks.label(gpuModel, "gpuModel");
  }

  /** True if every quantity is at most the corresponding one of {@code other}. */
  public boolean fitsWithin(Resources other) {
    return cpuCores <= other.cpuCores
        && memoryMiB <= other.memoryMiB
        && diskGiB <= other.diskGiB
        && networkMbps <= other.networkMbps
        && gpuCount <= other.gpuCount;
  }

  /** An object with one member per component, named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("cpuCores", cpuCores)
        .put("memoryMiB", memoryMiB)
        .put("diskGiB", diskGiB)
        .put("networkMbps", networkMbps)
        .put("gpuCount", gpuCount)
        .put("gpuModel", gpuModel)
        .build();
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  public static Resources fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "resources"));
  }

  static Resources read(FieldReader r) {
    int cpuCores = (int) r.integer("cpuCores", 0, Integer.MAX_VALUE);
    long memoryMiB = r.integer("memoryMiB", 0, RecordChecks.MAX);
    long diskGiB = r.integer("diskGiB", 0, RecordChecks.MAX);
    long networkMbps = r.integer("networkMbps", 0, RecordChecks.MAX);
    int gpuCount = (int) r.integer("gpuCount", 0, Integer.MAX_VALUE);
    String gpuModel = r.string("gpuModel", v -> RecordChecks.label(v, "gpuModel"));
    return r.build(
        () -> new Resources(cpuCores, memoryMiB, diskGiB, networkMbps, gpuCount, gpuModel));
  }
}
