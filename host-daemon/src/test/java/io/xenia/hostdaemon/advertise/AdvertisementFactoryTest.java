package io.xenia.hostdaemon.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvertisementFactoryTest {
  private static final String HOST =
      Ed25519KeyPair.generate(new SecureRandom()).publicKey().fingerprint();
  private static final Resources TOTAL = new Resources(2, 2048, 8, 1000, 1, "NVIDIA H100 80GB");

  private static InventoryMachine machine(String driver, Map<String, String> settings) {
    return new InventoryMachine(
        new MachineSpec(
            "vm-1",
            driver,
            Optional.empty(),
            Optional.empty(),
            new Facts(TOTAL, 1, Set.of("sev-snp")),
            settings),
        PriceList.hourly(Money.parse("EUR", "1.25")),
        Location.region("eu-central-1"));
  }

  @Test
  void aReadyMachineIsAdvertisedWhollyFreeWithItsDriversCapabilities() {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    Advertisement ad =
        new AdvertisementFactory(HOST, "acct-op-1", Duration.ofSeconds(300))
            .ready(machine("qemu", Map.of("images", "debian-12, ubuntu-24.04")), 7, now);
    assertEquals(HOST, ad.hostId());
    assertEquals("acct-op-1", ad.ownerAccountId());
    assertEquals(TOTAL, ad.total());
    assertEquals(TOTAL, ad.available());
    assertEquals(Set.of("pxe", "ipxe", "image", "kernel-initrd"), ad.capabilities().bootMethods());
    assertEquals(Set.of("debian-12", "ubuntu-24.04"), ad.capabilities().images());
    assertEquals(Set.of("sev-snp"), ad.capabilities().teeKinds());
    assertEquals(Money.parse("EUR", "1.25"), ad.prices().perHour());
    assertEquals(7, ad.sequence());
    assertEquals(now, ad.issuedAt());
    assertEquals(300, ad.ttlSeconds());
    assertEquals(Set.of("image"), AdvertisementFactory.bootMethods("netns"));
    assertEquals(Set.of("pxe", "ipxe"), AdvertisementFactory.bootMethods("redfish"));
  }

  @Test
  void aBadImageTokenIsAClearError() {
    var f = new AdvertisementFactory(HOST, "acct-op-1", Duration.ofSeconds(300));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.ready(machine("netns", Map.of("images", "debian 12")), 1, Instant.now()));
    assertEquals(true, e.getMessage().contains("image"), e.getMessage());
  }
}
