package io.xenia.hostdaemon.admission;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the host operator admits, beyond "the machine is free and big enough".
 *
 * @param minimumPricePerHour no lease below this hourly price (besides each machine's own list
 *     price), or empty for no floor
 * @param allowedCustomers if not empty, only these customer accounts are admitted
 * @param blockedCustomers never admitted
 * @param maintenanceWindows no lease may overlap one of these
 */
public record OperatorPolicy(
    Optional<Money> minimumPricePerHour,
    Set<String> allowedCustomers,
    Set<String> blockedCustomers,
    List<MaintenanceWindow> maintenanceWindows) {
  public OperatorPolicy {
    requireNonNull(minimumPricePerHour, "minimumPricePerHour is null");
    allowedCustomers = Set.copyOf(allowedCustomers);
    blockedCustomers = Set.copyOf(blockedCustomers);
    maintenanceWindows = List.copyOf(maintenanceWindows);
  }

  /** Admits everyone at any price, any time. */
  public static OperatorPolicy open() {
    return new OperatorPolicy(Optional.empty(), Set.of(), Set.of(), List.of());
  }
}
