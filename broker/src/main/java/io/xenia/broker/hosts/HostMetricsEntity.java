package io.xenia.broker.hosts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code host_metrics}: a host's latest reported metrics (V010). */
@Entity
@Table(name = "host_metrics")
public class HostMetricsEntity {
  @Id
  @Column(name = "host_id")
  UUID hostId;

  @Column(name = "reported_at")
  Instant reportedAt;

  @Column(name = "cpu_cores")
  Integer cpuCores;

  @Column(name = "cpu_load")
  BigDecimal cpuLoad;

  @Column(name = "mem_total_mib")
  Long memTotalMib;

  @Column(name = "mem_used")
  BigDecimal memUsed;

  @Column(name = "disk_free_gib")
  BigDecimal diskFreeGib;

  @Column(name = "uptime_seconds")
  Long uptimeSeconds;

  @Column(name = "machines_leased")
  Integer machinesLeased;

  @Column(name = "machines_free")
  Integer machinesFree;

  @Column(name = "machines_failed")
  Integer machinesFailed;

  String version;

  String region;

  protected HostMetricsEntity() {}

  HostMetricsEntity(UUID hostId) {
    this.hostId = hostId;
  }

  /** Replaces every value with the report's (a member the host left out becomes NULL). */
  void record(HostMetricsReport r, Instant now) {
    reportedAt = now;
    cpuCores = r.cpuCores();
    cpuLoad = r.cpuLoad();
    memTotalMib = r.memTotalMib();
    memUsed = r.memUsed();
    diskFreeGib = r.diskFreeGib();
    uptimeSeconds = r.uptimeSeconds();
    machinesLeased = r.machinesLeased();
    machinesFree = r.machinesFree();
    machinesFailed = r.machinesFailed();
    version = r.version();
    region = r.region();
  }
}
