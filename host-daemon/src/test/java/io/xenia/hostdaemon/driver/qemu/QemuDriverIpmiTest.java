package io.xenia.hostdaemon.driver.qemu;

import io.xenia.bmcsim.IpmiSim;
import io.xenia.hostdaemon.driver.Bmc;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
