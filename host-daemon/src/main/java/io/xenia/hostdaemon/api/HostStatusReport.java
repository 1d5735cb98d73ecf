package io.xenia.hostdaemon.api;

import java.util.Map;

/** The host at a glance: machine counts and each machine's state by id. */
public record HostStatusReport(
    String hostId, int machinesTotal, int machinesReady, Map<String, String> machines) {
  public HostStatusReport {
    machines = Map.copyOf(machines);
  }
}
