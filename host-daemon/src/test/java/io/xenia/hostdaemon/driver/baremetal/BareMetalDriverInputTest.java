package io.xenia.hostdaemon.driver.baremetal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.protocol.records.Resources;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bare-metal drivers refuse before touching a BMC or a machine. */
class BareMetalDriverInputTest {
  private static final Bmc IPMI = new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:9", "u", "p");
  private static final Bmc REDFISH = new Bmc(Bmc.Protocol.REDFISH, "http://127.0.0.1:9", "u", "p");

  @TempDir Path dir;
  private BareMetalDriver ipmi;

  @BeforeEach
  void start() throws Exception {
    ipmi =
        new BareMetalDriver(
            Bmc.Protocol.IPMI,
            dir.resolve("machines"),
            dir.resolve("pxe"),
            new BootFiles(dir.resolve("k"), dir.resolve("i"), dir.resolve("d")));
  }

  @AfterEach
  void stop() {
    ipmi.close();
  }

  private static MachineSpec spec(String driver, Bmc bmc, Map<String, String> changes) {
    Map<String, String> settings = new HashMap<>();
    settings.put("sshHost", "192.0.2.10");
    settings.put("bootServerHost", "192.0.2.1");
    settings.putAll(changes);
    settings.values().removeIf(String::isEmpty);
    return new MachineSpec(
        "metal-1",
        driver,
        Optional.of(bmc),
        Optional.of("0C:C4:7A:00:00:01"),
        new Facts(new Resources(16, 65536, 480, 10000, 0, ""), 2, Set.of()),
        settings);
  }

  @Test
  void bothKindsAreFoundThroughTheServiceLoader() {
    Set<String> kinds =
        ServiceLoader.load(DriverFactory.class).stream()
            .map(provider -> provider.get().kind())
            .collect(Collectors.toSet());
    assertTrue(kinds.containsAll(Set.of("ipmi", "redfish", "qemu")), kinds.toString());
    assertEquals("ipmi", ipmi.kind());
  }

  @Test
  void aBmcOfTheOtherProtocolIsAClearCommissioningError() {
    DriverException e =
        assertThrows(DriverException.class, () -> ipmi.inspect(spec("ipmi", REDFISH, Map.of())));
    assertEquals(DriverException.Kind.FAILED, e.kind());
    assertEquals(
        "machine metal-1 has a redfish BMC but driver ipmi: its driver must be redfish",
        e.getMessage());
  }

  @Test
  void missingOrBadSettingsAreNamed() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "sshHost", "",
                "bootServerHost", "",
                "sshPort", "http",
                "wipe", "discard",
                "localBoot", "grub",
                "disk", "sda; reboot",
                "bootServerBind", "nowhere")
            .entrySet()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ipmi.inspect(spec("ipmi", IPMI, Map.of(bad.getKey(), bad.getValue()))),
              bad.toString());
      assertTrue(
          e.getMessage().contains(bad.getKey()) || e.getMessage().contains("zero"),
          bad + ": " + e.getMessage());
    }
  }

  @Test
  void usageOutOfBandIsZero() {
    assertEquals(new UsageCounters(0, 0, 0, 0), ipmi.usage(spec("ipmi", IPMI, Map.of())));
  }
}
