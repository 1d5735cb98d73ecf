package io.xenia.bench.hostdaemon;

import io.xenia.bmcsim.IpmiSim;
import io.xenia.bmcsim.QemuMachine;
import io.xenia.bmcsim.QemuSystem;
import io.xenia.bmcsim.RedfishServer;
import io.xenia.hostdaemon.driver.Bmc;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark "server": a 1-CPU, 256 MiB QEMU machine whose files live where the qemu driver
 * keeps that machine's ({@code machineDir}), behind a real BMC — ipmi_sim or the Redfish service of
 * bmc-simulator — on 127.0.0.1. Power the machine off (through the driver) before closing: ipmi_sim
 * does not stop the QEMU it started.
 */
final class QemuHardware implements AutoCloseable {
  private final Bmc bmc;
  private final AutoCloseable server;
  private final QemuSystem system;

  private QemuHardware(Bmc bmc, AutoCloseable server, QemuSystem system) {
    this.bmc = bmc;
    this.server = server;
    this.system = system;
  }

  /**
   * @param kind {@code ipmi} or {@code redfish}
   * @param bmcDir where ipmi_sim keeps its configuration
   */
  static QemuHardware start(
      String kind, Path bmcDir, Path machineDir, String id, String mac, int sshPort)
      throws Exception {
    if (kind.equals("ipmi")) {
      int lan = freeUdpPort();
      int vm = Ssh.freePort();
      QemuMachine hardware =
          QemuMachine.inDirectory(machineDir, id, mac, sshPort, 1, 256, IpmiSim.qemuArgs(vm));
      AutoCloseable sim = IpmiSim.start(bmcDir, id, lan, vm, "admin", "bench", hardware);
      return new QemuHardware(
          new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:" + lan, "admin", "bench"), sim, null);
    }
    if (kind.equals("redfish")) {
      QemuMachine hardware =
          QemuMachine.inDirectory(machineDir, id, mac, sshPort, 1, 256, List.of());
      QemuSystem system = new QemuSystem(id, hardware, Duration.ofSeconds(20));
      RedfishServer server =
          new RedfishServer(
              new InetSocketAddress("127.0.0.1", 0), "admin", "bench", List.of(system));
      return new QemuHardware(
          new Bmc(Bmc.Protocol.REDFISH, server.baseUrl(), "admin", "bench"), server, system);
    }
    throw new IllegalArgumentException("the BMC is ipmi or redfish, not " + kind);
  }

  /** How the driver (or an inventory's {@code bmc:}) reaches the BMC. */
  Bmc bmc() {
    return bmc;
  }

  @Override
  public void close() throws Exception {
    server.close();
    if (system != null) {
      system.destroy();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
