package io.xenia.hostdaemon.inventory;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;

/**
 * One machine of the inventory: what drivers need ({@link MachineSpec}) and what the market sees.
 *
 * @param spec id, driver, BMC, boot MAC, declared facts, driver settings
 * @param prices its list price
 * @param location where it is
 */
public record InventoryMachine(MachineSpec spec, PriceList prices, Location location) {
  public InventoryMachine {
    requireNonNull(spec, "spec is null");
    requireNonNull(prices, "prices is null");
    requireNonNull(location, "location is null");
  }

  public String id() {
    return spec.id();
  }
}
