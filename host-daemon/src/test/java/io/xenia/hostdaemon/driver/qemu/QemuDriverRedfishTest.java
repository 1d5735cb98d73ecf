package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.bmcsim.QemuSystem;
import io.xenia.bmcsim.RedfishServer;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.WipeReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A QEMU machine behind the project's Redfish service, powered with the Redfish client. */
class QemuDriverRedfishTest extends QemuMachineTestBase {
  private static RedfishServer bmc;
  private static QemuSystem system;

  @BeforeAll
  static void start() throws Exception {
    Path machineDir = prepare("redfish1");
    system =
        new QemuSystem(
            "redfish1", hardware(machineDir, "redfish1", List.of()), Duration.ofSeconds(20));
    bmc = new RedfishServer(new InetSocketAddress("127.0.0.1", 0), USER, PASSWORD, List.of(system));
    spec = spec("redfish1", new Bmc(Bmc.Protocol.REDFISH, bmc.baseUrl(), USER, PASSWORD));
  }

  /** After the wipe: a KERNEL_INITRD image boots directly from the network, no disk write. */
  @Test
  @Order(5)
  void kernelImageBootsDirectlyAndTheCustomerLogsIn() throws Exception {
    BootImage kernel =
        new BootImage(
            sha256(bootFiles.kernel()),
            BootImage.Kind.KERNEL_INITRD,
            bootFiles.kernel(),
            Optional.of(bootFiles.initrd()));
    String key = Files.readString(Path.of(customerKey + ".pub")).strip();
    long start = System.nanoTime();
    Endpoint endpoint =
        driver.deploy(
            spec,
            new Deployment(
                "session-43", Optional.of(kernel), List.of(key), new Limits(1, 256), "lease43"));
    System.err.printf(
        "QemuDriverRedfishTest: kernel+initrd to SSH-ready in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    assertEquals(sshPort, endpoint.port());
    assertEquals("session-43\nlease43", ssh("cat /etc/xenia-session; hostname").strip());
    assertEquals(Optional.of("session-43"), driver.inspect(spec).deployedSession());
    driver.power(spec, PowerAction.OFF);
    assertEquals(PowerState.OFF, driver.inspect(spec).power());
  }

  /**
   * Setting {@code wipe: zero}: instead of discarding the qcow2 file, the wipe ramdisk zeroes the
   * whole virtual disk, as on hardware; afterwards the disk compares equal to an all-zero image.
   */
  @Test
  @Order(6)
  void theZeroingWipeWritesZerosOverTheWholeDisk() throws Exception {
    Path disk = driver.machineDir(spec).resolve("disk.qcow2");
    run("qemu-io", "-f", "qcow2", "-c", "write -P 0xa5 0 32M", disk.toString());
    Path zeros = work.resolve("zeros.raw");
    run("qemu-img", "create", "-q", "-f", "raw", zeros.toString(), Long.toString(256L << 20));
    List<String> compare =
        List.of(
            "qemu-img",
            "compare",
            "-q",
            "-f",
            "qcow2",
            "-F",
            "raw",
            disk.toString(),
            zeros.toString());
    assertThrows(IOException.class, () -> run(compare.toArray(String[]::new)), "data on the disk");

    Map<String, String> settings = new HashMap<>(spec.settings());
    settings.put("wipe", "zero");
    MachineSpec zeroing =
        new MachineSpec(
            spec.id(), spec.driver(), spec.bmc(), spec.bootMac(), spec.declared(), settings);
    long start = System.nanoTime();
    WipeReport report = driver.wipe(zeroing);
    System.err.printf(
        "QemuDriverRedfishTest: zeroing wipe of 256 MiB in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    assertEquals("disk-zeroed", report.method());
    assertEquals(256L << 20, report.bytesErased());
    run(compare.toArray(String[]::new)); // exit 0: identical to the zero image
    assertEquals(PowerState.OFF, driver.inspect(zeroing).power());
    assertEquals(Optional.empty(), driver.inspect(zeroing).deployedSession());
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
    if (system != null) {
      system.destroy();
    }
  }
}
