package io.xenia.hostdaemon.driver.qemu;

import io.xenia.bmcsim.QemuSystem;
import io.xenia.bmcsim.RedfishServer;
import io.xenia.hostdaemon.driver.Bmc;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
