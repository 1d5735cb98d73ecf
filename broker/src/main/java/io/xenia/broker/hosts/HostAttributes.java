package io.xenia.broker.hosts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A host as the fleet query language sees it (search-dht {@code Vocabulary.HOSTS}, docs/fleet.md):
 * attribute id → value, from its row and its latest metrics. A value the host never reported is
 * absent, so every predicate on it fails (also {@code !=}). Pure.
 */
final class HostAttributes {
  private HostAttributes() {}

  static Map<String, Object> of(HostEntity h, HostMetricsEntity m, Instant now) {
    Map<String, Object> a = new HashMap<>();
    a.put("status", h.status);
    a.put("owner", h.accountId.toString());
    a.put("name", h.name);
    a.put("silence", Math.max(0, Duration.between(h.lastSeenAt, now).toSeconds()));
    put(a, "machines.total", h.machinesTotal);
    if (m != null) {
      put(a, "cpu", m.cpuCores);
      put(a, "mem", m.memTotalMib);
      put(a, "cpu.load", m.cpuLoad);
      put(a, "mem.used", m.memUsed);
      put(a, "disk.free", m.diskFreeGib);
      put(a, "uptime", m.uptimeSeconds);
      put(a, "machines.leased", m.machinesLeased);
      put(a, "machines.free", m.machinesFree);
      put(a, "machines.failed", m.machinesFailed);
      put(a, "version", m.version);
      put(a, "region", m.region);
    }
    return a;
  }

  private static void put(Map<String, Object> a, String key, Object value) {
    if (value != null) {
      a.put(key, value);
    }
  }
}
