package io.xenia.hostdaemon.inventory;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parsed inventory file: the daemon's settings and the machines it manages, by id. */
public record Inventory(DaemonSettings daemon, List<InventoryMachine> machines) {
  public Inventory {
    requireNonNull(daemon, "daemon is null");
    machines = List.copyOf(machines);
    Map<String, InventoryMachine> seen = new LinkedHashMap<>();
    for (InventoryMachine m : machines) {
      if (seen.put(m.id(), m) != null) {
        throw new IllegalArgumentException("machine id " + m.id() + " appears twice");
      }
    }
  }

  public Optional<InventoryMachine> machine(String id) {
    return machines.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
