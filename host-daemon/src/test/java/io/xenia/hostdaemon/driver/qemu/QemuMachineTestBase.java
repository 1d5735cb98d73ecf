package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.QemuMachine;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.bmc.BmcPower;
import io.xenia.hostdaemon.bmc.BmcPowers;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One QEMU machine behind a real BMC, driven by the qemu driver through a whole lease: power round
 * trips over the BMC protocol, network-boot deploy of a whole-disk image, the customer's SSH login
 * with their key, usage, soft power-off, wipe. Subclasses start the BMC (IPMI or Redfish) in a
 * static setup that calls {@link #prepare} first. One deployment (two TCG boots) per class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class QemuMachineTestBase {
  static final String MAC = "52:54:00:12:34:56";
  static final String USER = "admin";
  static final String PASSWORD = "xenia-bmc";

  static Path work;
  static Path customerKey;
  static BootFiles bootFiles;
  static QemuDriver driver;
  static MachineSpec spec;
  static int sshPort;
  static int meterPort;
  static Endpoint endpoint;

  /** Packages, boot files, a customer key, the driver; returns the machine's directory. */
  static Path prepare(String name) throws Exception {
    MachinePrerequisites.requirePackages(
        "qemu machine tests",
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
    bootFiles =
        BootFiles.ensure(Path.of(System.getProperty("user.home"), ".cache", "xenia", "qemu-boot"));
    work = Files.createTempDirectory("xenia-qemu-" + name);
    customerKey = work.resolve("customer_ed25519");
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
        customerKey.toString());
    driver = new QemuDriver(work.resolve("state"), bootFiles);
    sshPort = freeTcpPort();
    meterPort = freeUdpPort();
    return work.resolve("state").resolve(name);
  }

  /**
   * The machine's "hardware": its QEMU command line, wired to the driver's files, its NIC on a hub
   * that copies every frame to the meter port (so network boot and deploy go through the hub).
   */
  static QemuMachine hardware(Path machineDir, String name, List<String> extraArgs) {
    return QemuMachine.inDirectory(machineDir, name, MAC, sshPort, meterPort, 1, 256, extraArgs);
  }

  static MachineSpec spec(String name, Bmc bmc) {
    Facts declared = new Facts(new Resources(1, 256, 0, 100, 0, ""), 1, Set.of());
    return new MachineSpec(
        name,
        "qemu",
        Optional.of(bmc),
        Optional.of(MAC),
        declared,
        Map.of(
            "sshPort",
            Integer.toString(sshPort),
            "meterPort",
            Integer.toString(meterPort),
            "softOffSeconds",
            "20"));
  }

  /**
   * Powers the machine off and closes the driver; subclasses call it from their {@code @AfterAll}
   * before stopping the BMC (JUnit runs a superclass's {@code @AfterAll} after the subclass's).
   */
  static void powerDown() throws Exception {
    if (driver != null) {
      try {
        driver.power(spec, PowerAction.OFF);
      } finally {
        driver.close();
      }
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void bmcPowersTheMachineOnAndOff() throws Exception {
    BmcPower bmc = BmcPowers.of(spec.bmc().orElseThrow(), Optional.empty());
    assertEquals(PowerState.OFF, bmc.status());
    driver.power(spec, PowerAction.ON);
    assertEquals(PowerState.ON, bmc.status());
    driver.power(spec, PowerAction.ON); // already on: nothing happens
    driver.power(spec, PowerAction.OFF);
    assertEquals(PowerState.OFF, bmc.status());
    assertEquals(PowerState.OFF, driver.inspect(spec).power());
  }

  @Test
  @Order(2)
  void deployNetworkBootsWritesTheImageAndTheCustomerLogsIn() throws Exception {
    Path image = bootFiles.diskImage();
    BootImage disk = new BootImage(sha256(image), BootImage.Kind.DISK_RAW, image, Optional.empty());
    String key = Files.readString(Path.of(customerKey + ".pub")).strip();
    Deployment deployment =
        new Deployment(
            "session-42", Optional.of(disk), List.of(key), new Limits(1, 256), "lease42");
    long start = System.nanoTime();
    endpoint = driver.deploy(spec, deployment);
    System.err.printf(
        "%s: deploy to SSH-ready in %.1f s%n",
        getClass().getSimpleName(), (System.nanoTime() - start) / 1e9);
    assertEquals(new Endpoint("127.0.0.1", sshPort, "root"), endpoint);
    String out = ssh("cat /etc/xenia-session; hostname");
    assertEquals("session-42\nlease42", out.strip());

    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.ON, inspection.power());
    assertEquals(Optional.of("session-42"), inspection.deployedSession());
    assertTrue(inspection.reachable());
    assertEquals(1, inspection.measured().orElseThrow().resources().cpuCores());
    assertEquals(256, inspection.measured().orElseThrow().resources().memoryMiB());

    // A repeat (the reconciler after a crash) finds it done and boots nothing.
    long again = System.nanoTime();
    assertEquals(endpoint, driver.deploy(spec, deployment));
    assertTrue((System.nanoTime() - again) < TimeUnit.SECONDS.toNanos(5), "repeat was a no-op");
  }

  @Test
  @Order(3)
  void usageCountsTheMachinesCpuAndMemory() throws Exception {
    UsageCounters first = driver.usage(spec);
    assertTrue(first.cpuNanos() > 0, "cpu " + first);
    assertTrue(first.memoryBytes() > 64L << 20, "memory " + first);
    ssh("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done");
    assertTrue(driver.usage(spec).cpuNanos() > first.cpuNanos());
  }

  @Test
  @Order(3)
  void pauseStopsTheVmAndResumeLetsItRunAgain() throws Exception {
    long t = System.nanoTime();
    driver.pause(spec);
    long pauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
    driver.pause(spec); // idempotent
    // QEMU still accepts the forwarded connection, but no vCPU runs: no SSH banner comes.
    Process frozen =
        new ProcessBuilder(List.of("sh", "-c", "timeout 4 " + sshLine("echo running")))
            .redirectErrorStream(true)
            .start();
    String out = new String(frozen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(frozen.waitFor(30, TimeUnit.SECONDS));
    assertTrue(frozen.exitValue() != 0 && !out.contains("running"), "paused VM answered: " + out);
    t = System.nanoTime();
    driver.resume(spec);
    long resumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
    assertEquals("running", ssh("echo running").strip());
    System.err.printf(
        "%s: QMP stop in %d ms, cont in %d ms%n",
        getClass().getSimpleName(), pauseMillis, resumeMillis);
  }

  @Test
  @Order(4)
  void softOffShutsTheOsDownAndWipeDiscardsTheDisk() throws Exception {
    driver.power(spec, PowerAction.SOFT_OFF);
    assertEquals(PowerState.OFF, driver.inspect(spec).power());
    WipeReport report = driver.wipe(spec);
    assertEquals("disk-discarded", report.method());
    assertTrue(report.bytesErased() >= Files.size(bootFiles.diskImage()), report.toString());
    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.empty(), inspection.deployedSession());
    assertFalse(inspection.reachable());
  }

  static String ssh(String command) throws Exception {
    return run(sshCommand(command).toArray(String[]::new));
  }

  /** The customer's ssh command line, each argument single-quoted, for {@code sh -c} pipelines. */
  static String sshLine(String command) {
    StringBuilder line = new StringBuilder();
    for (String arg : sshCommand(command)) {
      line.append(line.length() == 0 ? "" : " ").append('\'');
      line.append(arg.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  private static List<String> sshCommand(String command) {
    return List.of(
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
        "-o",
        "Compression=no", // byte counts in the tests are of the payload as sent
        "root@127.0.0.1",
        command);
  }

  public static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  public static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  public static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
