package io.xenia.hostdaemon.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code controlApi}, {@code dht} and {@code advertise} keys of the daemon section. */
class NetworkSettingsTest {
  private static final String MACHINES =
      "machines:\n  - id: m1\n    driver: fake\n    location: {region: eu-west-1}\n"
          + "    prices: {currency: EUR, perHour: 0.40}\n"
          + "    facts: {cpuCores: 1, memoryMiB: 512}\n";

  private static NetworkSettings load(String daemonExtra) {
    return InventoryLoader.parse(
            "daemon:\n  dataDir: state\n" + daemonExtra + MACHINES, "inv.yaml", Path.of("/x"))
        .daemon()
        .network();
  }

  @Test
  void absentKeysGiveTheDefaults() {
    assertEquals(NetworkSettings.defaults(), load(""));
  }

  @Test
  void everyKeyIsRead() {
    NetworkSettings n =
        load(
            "  controlApi: {bind: \"0.0.0.0:9443\"}\n"
                + "  dht:\n    bind: \"127.0.0.1:0\"\n    seeds: [\"127.0.0.1:7001\", \"[::1]:7002\"]\n"
                + "    caPublicKey: "
                + "\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\"\n"
                + "  advertise: {ownerAccountId: acct-op-1, ttlSeconds: 60}\n");
    assertEquals(InetSocketAddress.createUnresolved("0.0.0.0", 9443), n.controlBind());
    assertEquals(InetSocketAddress.createUnresolved("127.0.0.1", 0), n.dhtBind());
    assertEquals(
        List.of(
            InetSocketAddress.createUnresolved("127.0.0.1", 7001),
            InetSocketAddress.createUnresolved("::1", 7002)),
        n.dhtSeeds());
    assertTrue(n.dhtCaPublicKey().isPresent());
    assertEquals(Optional.of("acct-op-1"), n.ownerAccountId());
    assertEquals(Duration.ofSeconds(60), n.advertisementTtl());
  }

  @Test
  void badValuesNameTheirKey() {
    assertTrue(
        assertThrows(InventoryException.class, () -> load("  controlApi: {bind: \"nohost\"}\n"))
            .getMessage()
            .contains("daemon.controlApi.bind: must be host:port"));
    assertTrue(
        assertThrows(InventoryException.class, () -> load("  dht: {seeds: [\"h:99999\"]}\n"))
            .getMessage()
            .contains("daemon.dht.seeds[0]: must be host:port"));
    assertTrue(
        assertThrows(InventoryException.class, () -> load("  advertise: {ttlSeconds: 1}\n"))
            .getMessage()
            .contains("daemon.advertise.ttlSeconds"));
    assertTrue(
        assertThrows(InventoryException.class, () -> load("  dht: {caPublicKey: zz}\n"))
            .getMessage()
            .contains("daemon.dht.caPublicKey: must be an Ed25519 public key in hex"));
    assertTrue(
        assertThrows(InventoryException.class, () -> load("  dht: {seed: [\"h:1\"]}\n"))
            .getMessage()
            .contains("unknown key"));
  }
}
