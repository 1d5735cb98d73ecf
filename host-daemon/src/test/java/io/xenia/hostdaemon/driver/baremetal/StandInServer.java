package io.xenia.hostdaemon.driver.baremetal;

import static io.xenia.hostdaemon.driver.qemu.QemuMachineTestBase.freeTcpPort;
import static io.xenia.hostdaemon.driver.qemu.QemuMachineTestBase.run;

import io.xenia.bmcsim.QemuMachine;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A QEMU VM standing in for a real server on a provisioning network: its own raw disk (filled with
 * a non-zero pattern, as a used disk would be), one NIC whose DHCP (QEMU's user network, standing
 * in for the operator's dnsmasq) names the bare-metal driver's boot server's {@code /boot.ipxe}
 * over HTTP as the boot file, and SSH on its own address (a port of 127.0.0.1 forwarded to it).
 */
final class StandInServer implements AutoCloseable {
  static final String MAC = "52:54:00:bd:00:01";
  static final String USER = "admin";
  static final String PASSWORD = "xenia-bmc";
  static final long DISK_BYTES = 80L << 20;

  final Path work;
  final Path disk;
  final Path customerKey;
  final BootFiles bootFiles;
  final int sshPort;
  final int bootServerPort;

  private StandInServer(Path work, BootFiles bootFiles, int sshPort, int bootServerPort) {
    this.work = work;
    this.disk = work.resolve("server").resolve("disk.raw");
    this.customerKey = work.resolve("customer_ed25519");
    this.bootFiles = bootFiles;
    this.sshPort = sshPort;
    this.bootServerPort = bootServerPort;
  }

  /** Packages (else skip loudly, or fail under CI), boot files, the disk and a customer key. */
  static StandInServer prepare(String name) throws Exception {
    MachinePrerequisites.requirePackages(
        "bare-metal stand-in tests",
        "qemu-system-x86",
        "qemu-utils",
        "ipxe-qemu",
        "openipmi",
        "ipmitool",
        "dropbear-bin",
        "busybox-static",
        "cpio",
        "fdisk",
        "mtools",
        "syslinux",
        "syslinux-common",
        "dosfstools",
        "e2fsprogs",
        "openssh-client");
    BootFiles files =
        BootFiles.ensure(Path.of(System.getProperty("user.home"), ".cache", "xenia", "qemu-boot"));
    StandInServer server =
        new StandInServer(
            Files.createTempDirectory("xenia-metal-" + name), files, freeTcpPort(), freeTcpPort());
    Files.createDirectories(server.disk.getParent());
    Files.createDirectories(server.work.resolve("server").resolve("tftp"));
    byte[] pattern = new byte[1 << 20];
    Arrays.fill(pattern, (byte) 0xA5);
    try (OutputStream out = Files.newOutputStream(server.disk)) {
      for (long written = 0; written < DISK_BYTES; written += pattern.length) {
        out.write(pattern);
      }
    }
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "customer",
        "-f",
        server.customerKey.toString());
    return server;
  }

  /** The server's "hardware": DHCP's boot file is the boot server's HTTP URL. */
  QemuMachine hardware(String name, List<String> extraArgs) {
    Path dir = work.resolve("server");
    return new QemuMachine(
        name,
        disk,
        "raw",
        1,
        256,
        MAC,
        dir.resolve("tftp"),
        "http://10.0.2.2:" + bootServerPort + "/boot.ipxe",
        sshPort,
        0, // no frame meter: out of band, bare metal has no byte counters
        dir.resolve("console.log"),
        dir.resolve("qmp.sock"),
        dir.resolve("qemu.pid"),
        extraArgs);
  }

  BareMetalDriver driver(Bmc.Protocol protocol) throws IOException {
    Path state = work.resolve("state");
    return new BareMetalDriver(
        protocol, state.resolve("machines"), state.resolve("pxe"), bootFiles);
  }

  MachineSpec spec(String id, String kind, Bmc bmc) {
    return new MachineSpec(
        id,
        kind,
        Optional.of(bmc),
        Optional.of(MAC),
        new Facts(new Resources(1, 256, 0, 100, 0, ""), 1, Set.of()),
        Map.of(
            "sshHost", "127.0.0.1",
            "sshPort", Integer.toString(sshPort),
            "bootServerHost", "10.0.2.2",
            "bootServerBind", "127.0.0.1:" + bootServerPort,
            "kernelArgs", "console=ttyS0",
            "softOffSeconds", "20",
            "wipeTimeoutSeconds", "150"));
  }

  /** Whether every byte of the disk is zero. */
  boolean diskIsAllZeros() throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(disk)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] != 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  String ssh(String command) throws Exception {
    return run(
        "ssh",
        "-i",
        customerKey.toString(),
        "-p",
        Integer.toString(sshPort),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "LogLevel=ERROR",
        "root@127.0.0.1",
        command);
  }

  String customerPublicKey() throws IOException {
    return Files.readString(Path.of(customerKey + ".pub")).strip();
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
