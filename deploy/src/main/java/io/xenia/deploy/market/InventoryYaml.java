package io.xenia.deploy.market;

import java.nio.file.Path;

/** A planned host as the daemon's inventory file (docs/host-daemon.md, "Inventory file"). */
final class InventoryYaml {
  private InventoryYaml() {}

  /**
   * @param ownerAccountId the host operator's account, named by every ad
   * @param dhtPort the broker's search-dht node, the seed
   * @param netnsStateDir where the netns driver keeps its machines
   */
  static String of(MarketPlan.Host host, String ownerAccountId, int dhtPort, Path netnsStateDir) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Written by xenia-local on every start (changes here are overwritten).\n")
        .append("daemon:\n")
        .append("  dataDir: state\n")
        // Often enough that a lease is provisioned promptly; hundreds of fake machines stay cheap.
        .append("  reconcileIntervalMs: 250\n")
        .append("  controlApi: {bind: \"127.0.0.1:0\"}\n")
        .append("  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:")
        .append(dhtPort)
        .append("\"]}\n")
        .append("  advertise: {ownerAccountId: ")
        .append(ownerAccountId)
        .append(", ttlSeconds: 300}\n")
        .append("machines:\n");
    for (MarketPlan.Machine m : host.machines()) {
      yaml.append("  - id: ")
          .append(m.id())
          .append("\n    driver: ")
          .append(m.driver())
          .append("\n    location: {region: ")
          .append(m.region())
          .append("}\n    prices: {currency: EUR, perHour: \"")
          .append(m.perHour().toPlainString())
          .append("\"}\n    facts: {cpuCores: ")
          .append(m.cores())
          .append(", memoryMiB: ")
          .append(m.memoryMiB())
          .append(", diskGiB: ")
          .append(m.diskGiB())
          .append(", networkMbps: 1000}\n");
      if (m.driver().equals("netns")) {
        yaml.append("    settings: {stateDir: \"").append(netnsStateDir).append("\"}\n");
      }
    }
    return yaml.toString();
  }
}
