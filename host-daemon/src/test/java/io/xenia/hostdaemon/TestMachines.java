package io.xenia.hostdaemon;

import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Machine specs for tests: 4 cores, 4 GiB, 10 GiB disk, EUR 0.40 per hour. */
public final class TestMachines {
  private TestMachines() {}

  public static final Resources TOTAL = new Resources(4, 4096, 10, 1000, 0, "");

  public static MachineSpec spec(String id) {
    return spec(id, "fake");
  }

  public static MachineSpec spec(String id, String driver) {
    return new MachineSpec(
        id, driver, Optional.empty(), Optional.empty(), new Facts(TOTAL, 1, Set.of()), Map.of());
  }

  public static InventoryMachine machine(String id) {
    return new InventoryMachine(
        spec(id), PriceList.hourly(Money.parse("EUR", "0.40")), Location.region("eu-west-1"));
  }
}
