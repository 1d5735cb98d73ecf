package io.xenia.hostdaemon.driver.baremetal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.BootOverride;
import io.xenia.bmcsim.QemuSystem;
import io.xenia.bmcsim.RedfishServer;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.protocol.records.Resources;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code redfish} bare-metal driver against a stand-in server behind the project's Redfish
 * service: facts from {@code ProcessorSummary}/{@code MemorySummary}, power on and off, the boot
 * override, and a machine declared with the wrong driver. No deployment (BareMetalIpmiTest does one
 * through the same shared code); the server is powered on only briefly.
 */
class BareMetalRedfishTest {
  private static StandInServer server;
  private static QemuSystem system;
  private static RedfishServer bmc;
  private static BareMetalDriver driver;
  private static MachineSpec spec;

  @BeforeAll
  static void start() throws Exception {
    server = StandInServer.prepare("redfish");
    system = new QemuSystem("metal2", server.hardware("metal2", List.of()), Duration.ofSeconds(10));
    bmc =
        new RedfishServer(
            new InetSocketAddress("127.0.0.1", 0),
            StandInServer.USER,
            StandInServer.PASSWORD,
            List.of(system));
    driver = server.driver(Bmc.Protocol.REDFISH);
    spec =
        server.spec(
            "metal2",
            "redfish",
            new Bmc(
                Bmc.Protocol.REDFISH, bmc.baseUrl(), StandInServer.USER, StandInServer.PASSWORD));
  }

  @Test
  void inspectReadsPowerAndFactsFromRedfishAndPowerGoesThroughIt() throws Exception {
    Inspection off = driver.inspect(spec);
    assertEquals(PowerState.OFF, off.power());
    assertEquals(Optional.empty(), off.deployedSession());
    assertFalse(off.reachable());
    // CPU and memory as the BMC reports them; the rest as declared.
    assertEquals(
        Optional.of(new Facts(new Resources(1, 256, 0, 100, 0, ""), 1, Set.of())), off.measured());

    // Power through Redfish's ComputerSystem.Reset; the QEMU process is the server's power.
    driver.power(spec, PowerAction.ON);
    assertTrue(system.poweredOn());
    assertEquals(PowerState.ON, driver.inspect(spec).power());
    assertFalse(driver.inspect(spec).reachable(), "nothing deployed answers SSH");
    driver.power(spec, PowerAction.OFF);
    assertFalse(system.poweredOn());
    assertEquals(PowerState.OFF, driver.inspect(spec).power());

    // Boot from disk: the per-MAC script says "leave iPXE" and the BMC gets a one-time Hdd
    // override.
    driver.bootFrom(spec, BootDevice.DISK);
    assertEquals(BootOverride.Target.Hdd, system.bootOverride().target());
    assertEquals(
        "#!ipxe\nexit\n",
        Files.readString(server.work.resolve("state/pxe/52-54-00-bd-00-01.ipxe")));
  }

  @Test
  void aRedfishServerDeclaredAsIpmiFailsCommissioningClearly() throws Exception {
    try (BareMetalDriver ipmi = server.driver(Bmc.Protocol.IPMI)) {
      MachineSpec wrong =
          new MachineSpec(
              spec.id(), "ipmi", spec.bmc(), spec.bootMac(), spec.declared(), spec.settings());
      DriverException e = assertThrows(DriverException.class, () -> ipmi.inspect(wrong));
      assertEquals(DriverException.Kind.FAILED, e.kind());
      assertTrue(e.getMessage().contains("its driver must be redfish"), e.getMessage());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (driver != null) {
        driver.close();
      }
      if (bmc != null) {
        bmc.close();
      }
      if (system != null) {
        system.destroy();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
