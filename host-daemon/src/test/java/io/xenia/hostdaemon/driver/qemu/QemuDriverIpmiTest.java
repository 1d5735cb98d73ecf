package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.IpmiSim;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.PowerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A QEMU machine behind OpenIPMI's ipmi_sim, powered with ipmitool lanplus. */
class QemuDriverIpmiTest extends QemuMachineTestBase {
  private static IpmiSim bmc;

  @BeforeAll
  static void start() throws Exception {
    Path machineDir = prepare("ipmi1");
    int lanPort = freeUdpPort();
    int vmPort = freeTcpPort();
    bmc =
        IpmiSim.start(
            work.resolve("bmc"),
            "ipmi1",
            lanPort,
            vmPort,
            USER,
            PASSWORD,
            hardware(machineDir, "ipmi1", IpmiSim.qemuArgs(vmPort)));
    spec = spec("ipmi1", new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:" + lanPort, USER, PASSWORD));
  }

  /**
   * After the wipe: an image whose bytes are not what its digest says is refused by the ramdisk.
   */
  @Test
  @Order(5)
  void anImageThatDoesNotMatchItsDigestFailsTheDeploy() throws Exception {
    Path image = bootFiles.diskImage();
    BootImage lying =
        new BootImage("0".repeat(64), BootImage.Kind.DISK_RAW, image, Optional.empty());
    String key = Files.readString(Path.of(customerKey + ".pub")).strip();
    DriverException failed =
        assertThrows(
            DriverException.class,
            () ->
                driver.deploy(
                    spec,
                    new Deployment(
                        "session-44", Optional.of(lying), List.of(key), new Limits(1, 256), "x")));
    assertEquals(DriverException.Kind.FAILED, failed.kind());
    assertTrue(failed.getMessage().contains("sha256"), failed.getMessage());
    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.empty(), inspection.deployedSession());
  }

  @AfterAll
  static void stopBmc() throws Exception {
    try {
      powerDown();
    } finally {
      if (bmc != null) {
        bmc.close();
      }
    }
  }
}
