package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * One machine as the inventory declares it: everything a driver needs to find and drive it.
 *
 * @param id the host's id of the machine, unique per host
 * @param driver the {@link Driver#kind()} that drives it
 * @param bmc its BMC, for drivers that power machines through one
 * @param bootMac the MAC address it network-boots from, for drivers that network-boot
 * @param declared what the operator says it has
 * @param settings driver-specific settings (paths, ports, bridge names), as strings
 */
public record MachineSpec(
    String id,
    String driver,
    Optional<Bmc> bmc,
    Optional<String> bootMac,
    Facts declared,
    Map<String, String> settings) {
  public MachineSpec {
    requireNonNull(id, "id is null");
    requireNonNull(driver, "driver is null");
    requireNonNull(bmc, "bmc is null");
    requireNonNull(bootMac, "bootMac is null");
    requireNonNull(declared, "declared is null");
    settings = Map.copyOf(settings);
  }

  /** A driver setting, or the default. */
  public String setting(String key, String defaultValue) {
    return settings.getOrDefault(key, defaultValue);
  }
}
