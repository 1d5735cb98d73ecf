package io.xenia.hostdaemon.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.hostdaemon.driver.pxe.BootScripts;
import io.xenia.hostdaemon.driver.pxe.PxeDriver;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Machines that are QEMU virtual machines (TCG) behind a real BMC protocol, provisioned like bare
 * metal by the shared network-boot code ({@link PxeDriver}: BMC power, per-MAC iPXE scripts, the
 * deploy and wipe ramdisk). What is QEMU's own: the disk is a qcow2 file this driver creates and
 * grows, the per-MAC script sits in the TFTP directory QEMU's user network serves, SSH is the port
 * forwarded to 127.0.0.1, CPUs and memory are measured over QMP, usage is the QEMU process's, and
 * the default wipe throws the disk file away ({@code disk-discarded}; setting {@code wipe: zero}
 * zeroes it through the wipe ramdisk instead, as on hardware).
 *
 * <p>Settings (the {@link MachineSpec#settings()}): {@code sshPort} (required: the 127.0.0.1 port
 * forwarded to the machine's port 22), {@code diskSizeMiB} (256), {@code wipe} ({@code discard} or
 * {@code zero}), {@code bootServerHost} (10.0.2.2, how the machine reaches this host), {@code
 * meterPort} (the UDP port its hardware copies frames to, for network byte counters; none: rx/tx
 * stay 0), and those of {@link PxeDriver}. The machine's files are under {@code stateDir/<machine
 * id>}.
 */
public final class QemuDriver extends PxeDriver {
  private static final System.Logger LOG = System.getLogger(QemuDriver.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64

  private final Map<String, UsageCounters> lastUsage = new ConcurrentHashMap<>();
  private final FrameMeters frameMeters = new FrameMeters();

  /**
   * @param stateDir where each machine's disk and boot scripts live
   * @param bootFiles the deploy kernel and ramdisk, and the default image
   */
  public QemuDriver(Path stateDir, BootFiles bootFiles) throws IOException {
    super("qemu", stateDir, bootFiles);
  }

  private MachineFiles files(MachineSpec machine) {
    return new MachineFiles(machineDir(machine));
  }

  /** sshPort, a valid meterPort if set, and the wipe setting. */
  @Override
  protected void checkMachine(MachineSpec machine) {
    sshPort(machine);
    String meterPort = machine.settings().get("meterPort");
    if (meterPort != null
        && (!meterPort.matches("[0-9]{1,5}")
            || Integer.parseInt(meterPort) < 1
            || Integer.parseInt(meterPort) > 65535)) {
      throw new IllegalArgumentException(
          "qemu machine " + machine.id() + ": meterPort is not a UDP port (got " + meterPort + ")");
    }
    wipeMethod(machine);
  }

  @Override
  protected Endpoint endpoint(MachineSpec machine) {
    return new Endpoint("127.0.0.1", sshPort(machine), "root");
  }

  @Override
  protected Path scriptDir(MachineSpec machine) {
    return files(machine).tftp();
  }

  @Override
  protected InetSocketAddress bootServerBind(MachineSpec machine) {
    // QEMU's user network reaches the host's 127.0.0.1 as 10.0.2.2.
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Override
  protected Optional<Path> servedScripts() {
    return Optional.empty(); // QEMU's TFTP serves them
  }

  @Override
  protected String bootServerHost(MachineSpec machine) {
    return machine.setting("bootServerHost", "10.0.2.2");
  }

  @Override
  protected String kernelArgs(MachineSpec machine) {
    return "console=ttyS0";
  }

  @Override
  protected String ramdiskDisk(MachineSpec machine) {
    return "/dev/vda"; // the virtio disk of io.xenia.bmcsim.QemuMachine
  }

  @Override
  protected BootScripts.LocalBoot localBoot(MachineSpec machine) {
    return BootScripts.LocalBoot.SANBOOT;
  }

  @Override
  protected WipeMethod wipeMethod(MachineSpec machine) {
    return WipeMethod.of(machine.setting("wipe", "discard"));
  }

  /** Stops the VM's vCPUs (QMP {@code stop}); memory and disk stay as they are. */
  @Override
  public void pause(MachineSpec machine) throws DriverException {
    qmp(machine, "stop");
  }

  /** Lets the vCPUs run again (QMP {@code cont}). */
  @Override
  public void resume(MachineSpec machine) throws DriverException {
    qmp(machine, "cont");
  }

  private void qmp(MachineSpec machine, String command) throws DriverException {
    try (QmpClient qmp = QmpClient.connect(files(machine).qmpSocket())) {
      qmp.execute(command);
    } catch (java.io.IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          "QMP " + command + " on " + machine.id() + " failed: " + e.getMessage(),
          e);
    }
  }

  /** CPUs and memory from QMP, disk size from the disk file; what QEMU cannot tell is declared. */
  @Override
  protected Optional<Facts> measure(MachineSpec machine, PowerState power) {
    if (power != PowerState.ON) {
      return Optional.empty();
    }
    MachineFiles files = files(machine);
    try (QmpClient qmp = QmpClient.connect(files.qmpSocket())) {
      int cpus = qmp.execute("query-cpus-fast").size();
      long memoryMiB = qmp.execute("query-memory-size-summary").path("base-memory").asLong() >> 20;
      long diskGiB = Files.exists(files.disk()) ? virtualSize(files.disk()) >> 30 : 0;
      Resources declared = machine.declared().resources();
      return Optional.of(
          new Facts(
              new Resources(
                  cpus,
                  memoryMiB,
                  diskGiB,
                  declared.networkMbps(),
                  declared.gpuCount(),
                  declared.gpuModel()),
              1,
              machine.declared().teeKinds()));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "cannot measure {0}: {1}", machine.id(), e.toString());
      return Optional.empty();
    }
  }

  /**
   * Discarding the qcow2 file and creating an empty one: no block of the old disk is reachable from
   * the new one, and it takes milliseconds instead of writing the whole size.
   */
  @Override
  protected WipeReport discardDisk(MachineSpec machine) throws DriverException {
    MachineFiles files = files(machine);
    try {
      long erased = Files.exists(files.disk()) ? virtualSize(files.disk()) : 0;
      Files.deleteIfExists(files.disk());
      prepareDisk(machine, 0);
      return new WipeReport("disk-discarded", erased, Instant.now());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "wiping " + machine.id() + ": " + e, e);
    }
  }

  @Override
  protected void wiped(MachineSpec machine) {
    lastUsage.remove(machine.id());
    frameMeters.stop(machine.id());
  }

  /**
   * Counted from the deployment's boot (or, for a directly booted kernel, from SSH-ready): the
   * ramdisk's traffic and fetching the customer's kernel are delivery, not usage.
   */
  @Override
  protected void deploymentStarts(MachineSpec machine) {
    frameMeters.restart(machine);
  }

  @Override
  public UsageCounters usage(MachineSpec machine) throws DriverException {
    MachineFiles files = files(machine);
    UsageCounters last = lastUsage.getOrDefault(machine.id(), new UsageCounters(0, 0, 0, 0));
    FrameMeters.Bytes net = frameMeters.read(machine);
    try {
      String pid = Files.readString(files.pidFile(), StandardCharsets.US_ASCII).strip();
      Path proc = Path.of("/proc", pid);
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime
      // 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      long cpuNanos = ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
      long rss = 0;
      for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      UsageCounters now =
          new UsageCounters(Math.max(cpuNanos, last.cpuNanos()), rss, net.rx(), net.tx());
      lastUsage.put(machine.id(), now);
      return now;
    } catch (IOException | RuntimeException e) {
      // Not running (no pid file, or the process is gone): the counters stay where they were.
      return new UsageCounters(last.cpuNanos(), 0, net.rx(), net.tx());
    }
  }

  @Override
  public void close() {
    super.close();
    frameMeters.close();
  }

  /** Creates the disk (qcow2) when missing, at least {@code minBytes} and diskSizeMiB big. */
  @Override
  protected void prepareDisk(MachineSpec machine, long minBytes) throws DriverException {
    MachineFiles files = files(machine);
    try {
      Files.createDirectories(files.dir());
      long wanted = Math.max(Long.parseLong(machine.setting("diskSizeMiB", "256")) << 20, minBytes);
      if (Files.exists(files.disk())) {
        if (virtualSize(files.disk()) >= wanted) {
          return;
        }
        run(List.of("qemu-img", "resize", "-q", files.disk().toString(), Long.toString(wanted)));
        return;
      }
      run(
          List.of(
              "qemu-img",
              "create",
              "-q",
              "-f",
              "qcow2",
              files.disk().toString(),
              Long.toString(wanted)));
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "creating the disk of " + machine.id() + ": " + e, e);
    }
  }

  private static long virtualSize(Path disk) throws IOException {
    String json = run(List.of("qemu-img", "info", "-U", "--output", "json", disk.toString()));
    JsonNode info = JSON.readTree(json);
    return info.path("virtual-size").asLong();
  }

  private static String run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static int sshPort(MachineSpec machine) {
    return port(machine, "sshPort", null);
  }
}
