package io.xenia.bmcsim;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An IPMI BMC for one QEMU machine: OpenIPMI's {@code ipmi_sim} serving IPMI 2.0 (lanplus) on a UDP
 * port of 127.0.0.1 and starting the machine's QEMU on power-on ({@code startcmd}); QEMU's {@code
 * ipmi-bmc-extern} device connects back to it over TCP, so power off/soft/reset reach the guest
 * (ACPI) and a guest that powers off is seen as off. {@code chassis bootdev} is not implemented by
 * ipmi_sim: such machines always boot from the network first and the per-MAC iPXE script decides.
 */
public final class IpmiSim implements AutoCloseable {
  private final Process process;
  private final int lanPort;

  private IpmiSim(Process process, int lanPort) {
    this.process = process;
    this.lanPort = lanPort;
  }

  /** The QEMU arguments that attach the machine to the simulator's VM port. */
  public static List<String> qemuArgs(int vmPort) {
    return List.of(
        "-chardev",
        "socket,id=ipmi0,host=127.0.0.1,port=" + vmPort + ",reconnect=10",
        "-device",
        "ipmi-bmc-extern,id=bmc0,chardev=ipmi0",
        "-device",
        "isa-ipmi-kcs,bmc=bmc0");
  }

  /**
   * The {@code lan.conf} of a simulated BMC.
   *
   * @param machine the machine, whose {@code extraArgs} include {@link #qemuArgs} for {@code
   *     vmPort}
   * @param poweroffWait seconds the guest gets to power off softly before it is killed
   */
  public static String lanConf(
      String name,
      int lanPort,
      int vmPort,
      String username,
      String password,
      QemuMachine machine,
      int poweroffWait) {
    for (String credential : List.of(username, password)) {
      if (!credential.matches("[A-Za-z0-9_.-]{1,16}")) {
        throw new IllegalArgumentException(
            "ipmi_sim credentials are 1-16 characters of [A-Za-z0-9_.-]");
      }
    }
    String auths = "none md2 md5 straight";
    return String.join(
        "\n",
        "# written by io.xenia.bmcsim.IpmiSim",
        "name \"" + name + "\"",
        "set_working_mc 0x20",
        "  startlan 1",
        "    addr 127.0.0.1 " + lanPort,
        "    priv_limit admin",
        "    allowed_auths_callback " + auths,
        "    allowed_auths_user " + auths,
        "    allowed_auths_operator " + auths,
        "    allowed_auths_admin " + auths,
        "    guid a123456789abcdefa123456789abcdef",
        "  endlan",
        "  serial 15 127.0.0.1 " + vmPort + " codec VM",
        "  startcmd \"" + machine.shellCommand(BootOverride.Target.None) + "\"",
        "  startnow false",
        "  poweroff_wait " + poweroffWait,
        "  kill_wait 5",
        "user 2 true \"" + username + "\" \"" + password + "\" admin 10 " + auths,
        "");
  }

  /** The command file that makes the BMC a management controller at 0x20. */
  public static String emulatorCommands() {
    return String.join(
        "\n",
        "mc_setbmc 0x20",
        "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
        "mc_enable 0x20",
        "");
  }

  /**
   * Writes the configuration under {@code dir} and starts ipmi_sim; returns once it answers an RMCP
   * ping on its LAN port.
   */
  public static IpmiSim start(
      Path dir,
      String name,
      int lanPort,
      int vmPort,
      String username,
      String password,
      QemuMachine machine)
      throws IOException {
    requireNonNull(dir, "dir is null");
    Files.createDirectories(dir.resolve("state"));
    Path lanConf = dir.resolve("lan.conf");
    Path emu = dir.resolve("sim.emu");
    Files.writeString(lanConf, lanConf(name, lanPort, vmPort, username, password, machine, 20));
    Files.writeString(emu, emulatorCommands());
    ProcessBuilder builder =
        new ProcessBuilder(
            "ipmi_sim",
            "-c",
            lanConf.toString(),
            "-f",
            emu.toString(),
            "-s",
            dir.resolve("state").toString(),
            "-n");
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("ipmi_sim.log").toFile());
    Process process = builder.start();
    IpmiSim sim = new IpmiSim(process, lanPort);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!sim.answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        sim.close();
        throw new IOException(
            "ipmi_sim did not come up on 127.0.0.1:"
                + lanPort
                + ": "
                + Files.readString(dir.resolve("ipmi_sim.log"), StandardCharsets.UTF_8).strip());
      }
    }
    return sim;
  }

  /** An ASF presence ping (RMCP class 6), which every IPMI LAN interface answers. */
  boolean answersPing() throws IOException {
    byte[] ping = {
      0x06, 0x00, (byte) 0xff, 0x06, 0x00, 0x00, 0x11, (byte) 0xbe, (byte) 0x80, 0, 0, 0
    };
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(200);
      socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), lanPort));
      byte[] answer = new byte[64];
      socket.receive(new DatagramPacket(answer, answer.length));
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  public int lanPort() {
    return lanPort;
  }

  /**
   * Stops the BMC. ipmi_sim does not stop the machine it started: the caller powers the machine off
   * first (or kills it by its pid file).
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
