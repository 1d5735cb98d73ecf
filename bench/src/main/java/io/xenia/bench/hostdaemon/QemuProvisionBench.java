package io.xenia.bench.hostdaemon;

import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.hostdaemon.driver.qemu.QemuDriver;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Provision → SSH-ready for a qemu machine through the qemu driver (power on over the BMC, network
 * boot of the deploy ramdisk, image written, power off, boot from disk, SSH answers), against a
 * baseline in the same run: a bare {@code qemu-system-x86_64} booting the same kernel and initrd
 * directly ({@code -kernel/-initrd}, same disk attached) until SSH answers. The difference is what
 * the MAAS-style deploy costs over a VM that is simply started.
 *
 * <pre>
 * java -cp 'bench/target/xenia-bench.jar:bench/target/lib/*' \
 *     io.xenia.bench.hostdaemon.QemuProvisionBench [--rounds 3] [--bmc redfish|ipmi]
 * </pre>
 */
public final class QemuProvisionBench {
  private static final String MAC = "52:54:00:be:0c:01";

  private QemuProvisionBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    String bmcKind = "redfish";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--bmc" -> bmcKind = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!bmcKind.equals("redfish") && !bmcKind.equals("ipmi")) {
      throw new IllegalArgumentException("--bmc is redfish or ipmi");
    }
    BootFiles files =
        BootFiles.ensure(Path.of(System.getProperty("user.home"), ".cache", "xenia", "qemu-boot"));
    Path work = Files.createTempDirectory("xenia-qemu-bench");
    Path key = work.resolve("customer");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
    String publicKey = Files.readString(Path.of(key + ".pub")).strip();
    int sshPort = freeTcpPort();
    List<Double> baseline = new ArrayList<>();
    List<Double> provision = new ArrayList<>();
    try (QemuDriver driver = new QemuDriver(work.resolve("state"), files)) {
      Path machineDir = work.resolve("state").resolve("bench1");
      QemuHardware hardware =
          QemuHardware.start(bmcKind, work.resolve("bmc"), machineDir, "bench1", MAC, sshPort);
      Bmc bmc = hardware.bmc();
      MachineSpec spec =
          new MachineSpec(
              "bench1",
              "qemu",
              Optional.of(bmc),
              Optional.of(MAC),
              new Facts(new Resources(1, 256, 0, 100, 0, ""), 1, Set.of()),
              Map.of("sshPort", Integer.toString(sshPort)));
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(Files.readAllBytes(files.diskImage())));
      BootImage image =
          new BootImage(digest, BootImage.Kind.DISK_RAW, files.diskImage(), Optional.empty());
      try {
        for (int round = 1; round <= rounds; round++) {
          double base = baselineBoot(files, work, freeTcpPort());
          baseline.add(base);
          long start = System.nanoTime();
          driver.deploy(
              spec,
              new Deployment(
                  "bench-" + round,
                  Optional.of(image),
                  List.of(publicKey),
                  new Limits(1, 256),
                  "bench"));
          double took = (System.nanoTime() - start) / 1e9;
          provision.add(took);
          System.out.printf(
              "round %d: qemu driver (%s) provision→SSH %.1f s, baseline direct boot→SSH %.1f s%n",
              round, bmcKind, took, base);
          driver.wipe(spec);
        }
      } finally {
        driver.power(spec, PowerAction.OFF);
        hardware.close();
      }
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    System.out.printf(
        "p50 over %d rounds (load %s): qemu driver %.1f s, baseline %.1f s%n",
        rounds,
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
        median(provision),
        median(baseline));
  }

  /** Seconds from starting a bare QEMU on the kernel and initrd to an SSH banner. */
  static double baselineBoot(BootFiles files, Path work, int port) throws Exception {
    long start = System.nanoTime();
    Process qemu =
        new ProcessBuilder(
                "qemu-system-x86_64",
                "-machine",
                "pc,accel=tcg",
                "-m",
                "256",
                "-display",
                "none",
                "-kernel",
                files.kernel().toString(),
                "-initrd",
                files.initrd().toString(),
                "-append",
                "console=ttyS0 quiet xenia.mode=os",
                "-drive",
                "file=" + files.diskImage() + ",if=virtio,format=raw,snapshot=on",
                "-netdev",
                "user,id=n0,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                "-device",
                "virtio-net-pci,netdev=n0",
                "-serial",
                "null")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("baseline.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!sshAnswers(port)) {
        if (!qemu.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("baseline VM did not answer SSH");
        }
        Thread.sleep(100);
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      qemu.destroyForcibly().waitFor();
    }
  }

  static boolean sshAnswers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2000);
      InputStream in = socket.getInputStream();
      byte[] banner = in.readNBytes(4);
      return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
