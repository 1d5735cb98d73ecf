package io.xenia.hostdaemon.wiring;

import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** A daemon core over real files in a directory, with machines {@code m1..mN} of one driver. */
final class TestHost {
  private TestHost() {}

  static String inventory(Path dataDir, String driver, int machines, String extraDaemon) {
    StringBuilder y = new StringBuilder();
    y.append("daemon:\n  dataDir: ").append(dataDir).append('\n');
    y.append("  reconcileIntervalMs: 50\n").append(extraDaemon);
    y.append("defaults:\n  driver: ").append(driver).append('\n');
    y.append("  location: {region: eu-west-1, geohash: u0yj}\n");
    y.append("  prices: {currency: EUR, perHour: 0.40}\n");
    y.append("machines:\n");
    for (int i = 1; i <= machines; i++) {
      y.append("  - id: m").append(i).append('\n');
      y.append("    facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}\n");
    }
    return y.toString();
  }

  static HostDaemon start(Inventory inventory, Driver driver) throws Exception {
    return HostDaemon.start(
        inventory,
        Drivers.of(driver),
        Ed25519KeyPair.generate(new SecureRandom()),
        Clock.systemUTC());
  }

  static Inventory parse(String yaml, Path dir) {
    return InventoryLoader.parse(yaml, "inventory.yaml", dir);
  }
}
