package io.xenia.bmcsim;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "hardware" of one QEMU machine: its disk, NIC, network boot server and console, fixed like a
 * real server's wiring. It always boots from the network first (MAAS style): the per-MAC iPXE
 * script that QEMU's user-mode network serves from {@code tftpDir} decides between the deploy
 * ramdisk and the local disk. Runs under TCG, since KVM is not usable where Xenia's tests run.
 *
 * @param name a name for the process list and QMP
 * @param disk the disk file
 * @param diskFormat {@code qcow2} or {@code raw}
 * @param cpus virtual CPUs
 * @param memoryMiB memory
 * @param mac the NIC's MAC address, like {@code 52:54:00:00:00:01}
 * @param tftpDir what QEMU's built-in TFTP server serves; holds {@code bootFile}
 * @param bootFile the DHCP boot file name, relative to {@code tftpDir}
 * @param sshPort the port on 127.0.0.1 forwarded to the machine's port 22
 * @param meterPort a UDP port on 127.0.0.1 that gets a copy of every Ethernet frame the NIC sends
 *     or receives (for byte counters: QEMU's user network keeps none), or 0 for no copy
 * @param consoleLog where the serial console goes
 * @param qmpSocket the QMP control socket
 * @param pidFile where QEMU writes its process id
 * @param extraArgs more arguments, like the IPMI chardev of {@link IpmiSim#qemuArgs}
 */
public record QemuMachine(
    String name,
    Path disk,
    String diskFormat,
    int cpus,
    long memoryMiB,
    String mac,
    Path tftpDir,
    String bootFile,
    int sshPort,
    int meterPort,
    Path consoleLog,
    Path qmpSocket,
    Path pidFile,
    List<String> extraArgs) {
  /**
   * The address the frame copies come from: a listener on the meter port should take datagrams from
   * it only.
   */
  public static final String METER_SENDER = "127.0.0.2";

  public QemuMachine {
    requireNonNull(name, "name is null");
    requireNonNull(disk, "disk is null");
    if (!diskFormat.equals("qcow2") && !diskFormat.equals("raw")) {
      throw new IllegalArgumentException("disk format must be qcow2 or raw: " + diskFormat);
    }
    if (cpus < 1 || memoryMiB < 64) {
      throw new IllegalArgumentException("a machine needs >= 1 CPU and >= 64 MiB");
    }
    if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    requireNonNull(tftpDir, "tftpDir is null");
    requireNonNull(bootFile, "bootFile is null");
    if (sshPort < 1 || sshPort > 65535) {
      throw new IllegalArgumentException("ssh port out of range: " + sshPort);
    }
    if (meterPort < 0 || meterPort > 65535) {
      throw new IllegalArgumentException("meter port out of range: " + meterPort);
    }
    requireNonNull(consoleLog, "consoleLog is null");
    requireNonNull(qmpSocket, "qmpSocket is null");
    requireNonNull(pidFile, "pidFile is null");
    extraArgs = List.copyOf(extraArgs);
  }

  /**
   * A machine laid out in one directory as host-daemon's qemu driver expects it: {@code
   * disk.qcow2}, {@code tftp/boot.ipxe}, {@code console.log}, {@code qmp.sock}, {@code qemu.pid};
   * no copy of its frames.
   */
  public static QemuMachine inDirectory(
      Path dir,
      String name,
      String mac,
      int sshPort,
      int cpus,
      long memoryMiB,
      List<String> extra) {
    return inDirectory(dir, name, mac, sshPort, 0, cpus, memoryMiB, extra);
  }

  /**
   * Like {@link #inDirectory(Path, String, String, int, int, long, List)}, with a copy of every
   * frame sent to {@code meterPort} on 127.0.0.1 (0: none).
   */
  public static QemuMachine inDirectory(
      Path dir,
      String name,
      String mac,
      int sshPort,
      int meterPort,
      int cpus,
      long memoryMiB,
      List<String> extra) {
    return new QemuMachine(
        name,
        dir.resolve("disk.qcow2"),
        "qcow2",
        cpus,
        memoryMiB,
        mac,
        dir.resolve("tftp"),
        "boot.ipxe",
        sshPort,
        meterPort,
        dir.resolve("console.log"),
        dir.resolve("qmp.sock"),
        dir.resolve("qemu.pid"),
        extra);
  }

  /**
   * The command line that powers the machine on.
   *
   * @param target a boot override: Pxe boots only from the network, Hdd only from the disk, None
   *     from the network and then the disk
   */
  public List<String> command(BootOverride.Target target) {
    String order =
        switch (target) {
          case Pxe -> "n";
          case Hdd -> "c";
          case None -> "nc";
        };
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "qemu-system-x86_64",
            "-name",
            name,
            "-machine",
            "pc,accel=tcg",
            "-smp",
            Integer.toString(cpus),
            "-m",
            Long.toString(memoryMiB),
            "-display",
            "none",
            "-drive",
            "file=" + disk + ",if=virtio,format=" + diskFormat));
    args.addAll(network());
    args.addAll(
        List.of(
            "-boot",
            "order=" + order,
            "-serial",
            "file:" + consoleLog,
            "-qmp",
            "unix:" + qmpSocket + ",server=on,wait=off",
            "-pidfile",
            pidFile.toString()));
    args.addAll(extraArgs);
    return args;
  }

  /**
   * The NIC on QEMU's user network (DHCP, TFTP, the SSH forward). With a meter port, the NIC, the
   * user network and a UDP sender are the three ports of one QEMU hub: a hub repeats every frame to
   * its other ports, so the sender sees each frame once, whichever way it goes. The sender ({@code
   * -netdev dgram}) sends with {@code sendto} on an unconnected socket: nobody listening costs the
   * machine nothing, and a slow listener loses copies instead of slowing the machine down.
   */
  private List<String> network() {
    String user =
        "user,id=n0,tftp="
            + tftpDir
            + ",bootfile="
            + bootFile
            + ",hostfwd=tcp:127.0.0.1:"
            + sshPort
            + "-:22";
    String mac = this.mac.toLowerCase(java.util.Locale.ROOT);
    if (meterPort == 0) {
      return List.of("-netdev", user, "-device", "virtio-net-pci,netdev=n0,mac=" + mac);
    }
    return List.of(
        "-netdev",
        user,
        "-netdev",
        "hubport,id=hub0user,hubid=0,netdev=n0",
        "-netdev",
        // QEMU 7.2 wants a local address for a unicast remote (port 0: any free one). 127.0.0.2,
        // not .1: the user network maps the guest's 10.0.2.2 to 127.0.0.1, so a guest does not
        // reach
        // this socket (which puts what it receives on the hub) that way, and the meter can tell
        // the copies from datagrams a guest sends to the meter port (they come from 127.0.0.1).
        "dgram,id=meter0,local.type=inet,local.host="
            + METER_SENDER
            + ",local.port=0,"
            + "remote.type=inet,remote.host=127.0.0.1,remote.port="
            + meterPort,
        "-netdev",
        "hubport,id=hub0meter,hubid=0,netdev=meter0",
        "-netdev",
        "hubport,id=hub0nic,hubid=0",
        "-device",
        "virtio-net-pci,netdev=hub0nic,mac=" + mac);
  }

  /** {@link #command} as one shell line, for ipmi_sim's {@code startcmd}. */
  public String shellCommand(BootOverride.Target target) {
    StringBuilder line = new StringBuilder();
    for (String arg : command(target)) {
      if (line.length() > 0) {
        line.append(' ');
      }
      if (!arg.matches("[A-Za-z0-9_=,:./+-]+")) {
        throw new IllegalArgumentException("argument needs quoting, which ipmi_sim cannot: " + arg);
      }
      line.append(arg);
    }
    return line.toString();
  }
}
