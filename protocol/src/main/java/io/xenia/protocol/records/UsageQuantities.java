package io.xenia.protocol.records;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;

/**
 * Measured use over one interval. All quantities are integers ≥ 0 and ≤ 2^53-1; integrals over time
 * are summed per second, rounding is the host's and must not overstate.
 *
 * @param cpuSeconds CPU-core-seconds used (one fully busy core for one second = 1)
 * @param memoryMiBSeconds memory held, in MiB × seconds
 * @param networkEgressBytes bytes sent from the machine to the network
 * @param networkIngressBytes bytes received by the machine from the network
 * @param machineSeconds seconds the whole machine was leased within the interval
 */
public record UsageQuantities(
    long cpuSeconds,
    long memoryMiBSeconds,
    long networkEgressBytes,
    long networkIngressBytes,
    long machineSeconds) {

  /** Validates every quantity. */
  public UsageQuantities {
    RecordChecks.quantity(cpuSeconds, "cpuSeconds");
    RecordChecks.quantity(memoryMiBSeconds, "memoryMiBSeconds");
    RecordChecks.quantity(networkEgressBytes, "networkEgressBytes");
    RecordChecks.quantity(networkIngressBytes, "networkIngressBytes");
    RecordChecks.quantity(machineSeconds, "machineSeconds");
  }

  /** An object with one integer member per quantity, named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("cpuSeconds", cpuSeconds)
        .put("memoryMiBSeconds", memoryMiBSeconds)
        .put("networkEgressBytes", networkEgressBytes)
        .put("networkIngressBytes", networkIngressBytes)
        .put("machineSeconds", machineSeconds)
        .build();
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  public static UsageQuantities fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "quantities"));
  }

  static UsageQuantities read(FieldReader r) {
    long cpu = r.integer("cpuSeconds", 0, RecordChecks.MAX);
    long memory = r.integer("memoryMiBSeconds", 0, RecordChecks.MAX);
    long egress = r.integer("networkEgressBytes", 0, RecordChecks.MAX);
    long ingress = r.integer("networkIngressBytes", 0, RecordChecks.MAX);
    long machine = r.integer("machineSeconds", 0, RecordChecks.MAX);
    return r.build(() -> new UsageQuantities(cpu, memory, egress, ingress, machine));
  }
}
