package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a host's latest heartbeat reported about itself (docs/fleet.md); a null was not reported.
 */
@Serdeable
@Schema(name = "HostMetrics")
public record HostMetricsView(
    @Schema(description = "When the heartbeat carrying them was accepted.") Instant reportedAt,
    @Nullable Integer cpuCores,
    @Nullable @Schema(description = "1-minute load average / cores (query: cpu.load)")
        BigDecimal cpuLoad,
    @Nullable Long memTotalMib,
    @Nullable @Schema(description = "fraction of memory in use, 0..1 (query: mem.used)")
        BigDecimal memUsed,
    @Nullable @Schema(description = "GiB free for the daemon's data (query: disk.free)")
        BigDecimal diskFreeGib,
    @Nullable @Schema(description = "seconds since the host booted") Long uptimeSeconds,
    @Nullable Integer machinesLeased,
    @Nullable Integer machinesFree,
    @Nullable Integer machinesFailed,
    @Nullable String version,
    @Nullable String region) {

  static HostMetricsView of(HostMetricsEntity m) {
    return m == null
        ? null
        : new HostMetricsView(
            m.reportedAt,
            m.cpuCores,
            m.cpuLoad,
            m.memTotalMib,
            m.memUsed,
            m.diskFreeGib,
            m.uptimeSeconds,
            m.machinesLeased,
            m.machinesFree,
            m.machinesFailed,
            m.version,
            m.region);
  }
}
