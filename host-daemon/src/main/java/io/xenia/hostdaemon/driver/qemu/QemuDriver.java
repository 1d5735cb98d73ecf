package io.xenia.hostdaemon.driver.qemu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.bmc.BmcPower;
import io.xenia.hostdaemon.bmc.BmcPowers;
import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Machines that are QEMU virtual machines (TCG) behind a real BMC protocol, provisioned the way
 * MAAS and Ironic provision bare metal: the machine always boots from the network first, and its
 * per-MAC iPXE script (in the TFTP directory QEMU's user network serves) says what to boot.
 *
 * <p>{@link #deploy}: power off → script "deploy" (the deploy kernel and ramdisk from this driver's
 * {@link BootServer}) → power on through the BMC → the ramdisk fetches the whole-disk image over
 * HTTP, writes it to the disk, checks the sha256 of what it wrote, adds the customer's keys and the
 * session marker to the image's root partition (partition 2, ext4), reports done and powers off →
 * script "local disk" → power on → wait until SSH answers on the port forwarded to 127.0.0.1. A
 * KERNEL_INITRD image is booted directly by the script instead (it fetches keys from the boot
 * server).
 *
 * <p>Settings (the {@link MachineSpec#settings()}): {@code sshPort} (required: the 127.0.0.1 port
 * forwarded to the machine's port 22), {@code diskSizeMiB} (256), {@code redfishSystem} (the
 * ComputerSystem id, default the first), {@code deployTimeoutSeconds} (300), {@code
 * bootTimeoutSeconds} (180), {@code softOffSeconds} (30), {@code bootServerHost} (10.0.2.2, how the
 * machine reaches this host), {@code meterPort} (the UDP port its hardware copies frames to, for
 * network byte counters; none: rx/tx stay 0). The machine's files are under {@code
 * stateDir/<machine id>}.
 */
public final class QemuDriver implements Driver {
  private static final System.Logger LOG = System.getLogger(QemuDriver.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64

  private final Path stateDir;
  private final BootFiles bootFiles;
  private final BootServer bootServer;
  private final Map<String, BmcPower> bmcs = new ConcurrentHashMap<>();
  private final Map<String, UsageCounters> lastUsage = new ConcurrentHashMap<>();
  private final FrameMeters frameMeters = new FrameMeters();
  // The boot server job a directly booted kernel keeps using (it fetches its keys again on every
  // boot), by machine id; dropped by the next deploy or wipe.
  private final Map<String, String> directBootJobs = new ConcurrentHashMap<>();
  private String defaultImageSha256;

  /**
   * @param stateDir where each machine's disk and boot scripts live
   * @param bootFiles the deploy kernel and ramdisk, and the default image
   */
  public QemuDriver(Path stateDir, BootFiles bootFiles) throws IOException {
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.bootFiles = requireNonNull(bootFiles, "bootFiles is null");
    Files.createDirectories(stateDir);
    this.bootServer = new BootServer(bootFiles, new InetSocketAddress("127.0.0.1", 0));
  }

  @Override
  public String kind() {
    return "qemu";
  }

  /** The directory of a machine's files, for wiring its QEMU "hardware" to them. */
  public Path machineDir(MachineSpec machine) {
    return files(machine).dir();
  }

  /**
   * Checks what every call needs (safe id, sshPort, a valid meterPort if set, bootMac, a BMC)
   * before anything talks to the BMC, so that a wrong inventory entry fails at once with what is
   * wrong.
   */
  private MachineFiles validate(MachineSpec machine) throws DriverException {
    MachineFiles files = files(machine);
    sshPort(machine);
    mac(machine);
    String meterPort = machine.settings().get("meterPort");
    if (meterPort != null
        && (!meterPort.matches("[0-9]{1,5}")
            || Integer.parseInt(meterPort) < 1
            || Integer.parseInt(meterPort) > 65535)) {
      throw new IllegalArgumentException(
          "qemu machine " + machine.id() + ": meterPort is not a UDP port (got " + meterPort + ")");
    }
    if (machine.bmc().isEmpty()) {
      throw new DriverException(Kind.FAILED, "qemu machine " + machine.id() + " has no BMC");
    }
    return files;
  }

  private MachineFiles files(MachineSpec machine) {
    if (!machine.id().matches("[A-Za-z0-9_.-]+") || machine.id().startsWith(".")) {
      throw new IllegalArgumentException(
          "machine id is not a safe directory name: " + machine.id());
    }
    return new MachineFiles(stateDir.resolve(machine.id()));
  }

  @Override
  public Inspection inspect(MachineSpec machine) throws DriverException {
    MachineFiles files = validate(machine);
    PowerState power = bmc(machine).status();
    Optional<String> session = readMarker(files);
    boolean reachable = power == PowerState.ON && SshProbe.answers("127.0.0.1", sshPort(machine));
    Optional<Facts> measured =
        power == PowerState.ON ? measure(machine, files) : Optional.<Facts>empty();
    return new Inspection(power, measured, session, reachable);
  }

  /** CPUs and memory from QMP, disk size from the disk file; what QEMU cannot tell is declared. */
  private Optional<Facts> measure(MachineSpec machine, MachineFiles files) {
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

  @Override
  public void power(MachineSpec machine, PowerAction action) throws DriverException {
    validate(machine);
    BmcPower bmc = bmc(machine);
    switch (action) {
      case ON -> powerOn(machine);
      case OFF -> powerOff(machine);
      case SOFT_OFF -> {
        if (bmc.status() == PowerState.OFF) {
          return;
        }
        bmc.power(PowerAction.SOFT_OFF);
        if (!awaitPower(bmc, PowerState.OFF, seconds(machine, "softOffSeconds", 30))) {
          LOG.log(Level.INFO, "{0} ignored the soft power-off: forcing it off", machine.id());
          powerOff(machine);
        }
      }
      case RESET -> {
        if (bmc.status() == PowerState.OFF) {
          powerOn(machine);
        } else {
          bmc.power(PowerAction.RESET);
        }
      }
    }
  }

  private void powerOn(MachineSpec machine) throws DriverException {
    BmcPower bmc = bmc(machine);
    if (bmc.status() == PowerState.ON) {
      return;
    }
    ensureDisk(machine, files(machine), 0);
    bmc.power(PowerAction.ON);
    if (!awaitPower(bmc, PowerState.ON, Duration.ofSeconds(30))) {
      throw new DriverException(Kind.TIMEOUT, machine.id() + " did not power on");
    }
  }

  private void powerOff(MachineSpec machine) throws DriverException {
    BmcPower bmc = bmc(machine);
    if (bmc.status() == PowerState.OFF) {
      return;
    }
    bmc.power(PowerAction.OFF);
    if (!awaitPower(bmc, PowerState.OFF, Duration.ofSeconds(60))) {
      throw new DriverException(Kind.TIMEOUT, machine.id() + " did not power off");
    }
  }

  @Override
  public void bootFrom(MachineSpec machine, BootDevice device) throws DriverException {
    validate(machine);
    if (device == BootDevice.DISK) {
      writeScript(machine, localDiskScript());
    }
    bootOnce(machine, device);
  }

  @Override
  public Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException {
    MachineFiles files = validate(machine);
    Endpoint endpoint = new Endpoint("127.0.0.1", sshPort(machine), "root");
    // A repeat after a crash: the deployment is already there and answering.
    if (readMarker(files).equals(Optional.of(deployment.sessionId()))
        && bmc(machine).status() == PowerState.ON
        && SshProbe.answers(endpoint.host(), endpoint.port())) {
      return endpoint;
    }
    BootImage.Kind kind = deployment.image().map(BootImage::kind).orElse(BootImage.Kind.DISK_RAW);
    if (kind == BootImage.Kind.ROOTFS_TAR) {
      throw new DriverException(
          Kind.UNSUPPORTED, "qemu machines boot disk images or kernels, not root file system tars");
    }
    powerOff(machine);
    clearMarker(files);
    dropDirectBootJob(machine);
    String keys = String.join("\n", deployment.sshPublicKeys()) + "\n";
    if (kind == BootImage.Kind.KERNEL_INITRD) {
      BootImage image = deployment.image().orElseThrow();
      BootServer.Job job =
          new BootServer.Job(
              deployment.sessionId(),
              keys,
              deployment.hostname(),
              Optional.empty(),
              "",
              Optional.of(image.file()),
              image.initrd());
      String token = bootServer.add(job);
      directBootJobs.put(machine.id(), token);
      writeScript(machine, directBootScript(machine, token));
      powerOnFromNetwork(machine);
      awaitSsh(machine, endpoint);
      // Counted from here: fetching the customer's kernel and initrd is delivery, not usage.
      frameMeters.restart(machine);
      writeMarker(files, deployment.sessionId());
      return endpoint;
    }
    Path image = deployment.image().map(BootImage::file).orElse(bootFiles.diskImage());
    String digest =
        deployment.image().isPresent() ? deployment.image().get().sha256() : defaultImageSha256();
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("image sha256 must be 64 lowercase hex digits: " + digest);
    }
    ensureDisk(machine, files, sizeOf(image));
    BootServer.Job job =
        new BootServer.Job(
            deployment.sessionId(),
            keys,
            deployment.hostname(),
            Optional.of(image),
            digest,
            Optional.empty(),
            Optional.empty());
    String token = bootServer.add(job);
    try {
      writeScript(machine, deployScript(machine, token));
      powerOnFromNetwork(machine);
      Duration deployTimeout = seconds(machine, "deployTimeoutSeconds", 300);
      try {
        job.outcome.get(deployTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        powerOff(machine);
        throw new DriverException(
            Kind.TIMEOUT,
            "the deploy ramdisk on " + machine.id() + " did not finish in " + deployTimeout);
      } catch (ExecutionException e) {
        powerOff(machine);
        throw new DriverException(Kind.FAILED, e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException(Kind.TIMEOUT, "interrupted while deploying " + machine.id(), e);
      }
      // The ramdisk powers the machine off once the disk is synced; force it if it lingers.
      if (!awaitPower(bmc(machine), PowerState.OFF, Duration.ofSeconds(30))) {
        powerOff(machine);
      }
    } finally {
      bootServer.remove(token);
    }
    writeMarker(files, deployment.sessionId());
    writeScript(machine, localDiskScript());
    bootOnce(machine, BootDevice.DISK);
    frameMeters.restart(machine); // counted from the deployment's boot; the ramdisk's is not
    powerOn(machine);
    awaitSsh(machine, endpoint);
    return endpoint;
  }

  /** The digest of the default image, computed once. */
  private synchronized String defaultImageSha256() throws DriverException {
    if (defaultImageSha256 == null) {
      try (InputStream in = Files.newInputStream(bootFiles.diskImage())) {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          sha256.update(buffer, 0, n);
        }
        defaultImageSha256 = HexFormat.of().formatHex(sha256.digest());
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new DriverException(Kind.FAILED, "cannot read the default image: " + e, e);
      }
    }
    return defaultImageSha256;
  }

  private void dropDirectBootJob(MachineSpec machine) {
    String token = directBootJobs.remove(machine.id());
    if (token != null) {
      bootServer.remove(token);
    }
  }

  private void powerOnFromNetwork(MachineSpec machine) throws DriverException {
    bootOnce(machine, BootDevice.NETWORK);
    powerOn(machine);
  }

  /** Best effort: BMCs that cannot (ipmi_sim) boot from the network first anyway. */
  private void bootOnce(MachineSpec machine, BootDevice device) throws DriverException {
    try {
      bmc(machine).bootOnce(device);
    } catch (DriverException e) {
      if (e.kind() != Kind.UNSUPPORTED) {
        throw e;
      }
      LOG.log(Level.DEBUG, "{0}: {1}; relying on network-first boot", machine.id(), e.getMessage());
    }
  }

  private void awaitSsh(MachineSpec machine, Endpoint endpoint) throws DriverException {
    Duration timeout = seconds(machine, "bootTimeoutSeconds", 180);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!SshProbe.answers(endpoint.host(), endpoint.port())) {
      if (System.nanoTime() > deadline) {
        throw new DriverException(
            Kind.TIMEOUT, machine.id() + " booted but SSH did not answer within " + timeout);
      }
      sleep(250);
    }
  }

  @Override
  public WipeReport wipe(MachineSpec machine) throws DriverException {
    MachineFiles files = validate(machine);
    powerOff(machine);
    dropDirectBootJob(machine);
    try {
      Files.deleteIfExists(files.macScript(mac(machine)));
      long erased = Files.exists(files.disk()) ? virtualSize(files.disk()) : 0;
      // Discarding the qcow2 file and creating an empty one: no block of the old disk is reachable
      // from the new one, and it takes milliseconds instead of writing the whole size.
      Files.deleteIfExists(files.disk());
      clearMarker(files);
      ensureDisk(machine, files, 0);
      lastUsage.remove(machine.id());
      frameMeters.stop(machine.id());
      return new WipeReport("disk-discarded", erased, Instant.now());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "wiping " + machine.id() + ": " + e, e);
    }
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
    bootServer.close();
    frameMeters.close();
  }

  private BmcPower bmc(MachineSpec machine) throws DriverException {
    if (machine.bmc().isEmpty()) {
      throw new DriverException(Kind.FAILED, "qemu machine " + machine.id() + " has no BMC");
    }
    return bmcs.computeIfAbsent(
        machine.id() + "|" + machine.bmc().get().address(),
        key ->
            BmcPowers.of(
                machine.bmc().get(), Optional.ofNullable(machine.settings().get("redfishSystem"))));
  }

  private String deployScript(MachineSpec machine, String token) {
    String base = "http://" + bootServerHost(machine) + ":" + bootServer.port();
    return String.join(
        "\n",
        "#!ipxe",
        "kernel "
            + base
            + "/deploy/vmlinuz console=ttyS0 quiet xenia.mode=deploy xenia.url="
            + base
            + "/jobs/"
            + token,
        "initrd " + base + "/deploy/initrd.gz",
        "boot",
        "");
  }

  private String directBootScript(MachineSpec machine, String token) {
    String job = "http://" + bootServerHost(machine) + ":" + bootServer.port() + "/jobs/" + token;
    return String.join(
        "\n",
        "#!ipxe",
        "kernel " + job + "/kernel console=ttyS0 quiet xenia.mode=os xenia.url=" + job,
        "initrd " + job + "/initrd",
        "boot",
        "");
  }

  private static String localDiskScript() {
    return "#!ipxe\nsanboot --no-describe --drive 0x80\n";
  }

  /** Writes the per-MAC script (and the boot file that chains to it) atomically. */
  private void writeScript(MachineSpec machine, String script) throws DriverException {
    MachineFiles files = files(machine);
    try {
      Files.createDirectories(files.tftp());
      writeAtomically(files.bootScript(), "#!ipxe\nchain ${net0/mac:hexhyp}.ipxe || exit\n");
      writeAtomically(files.macScript(mac(machine)), script);
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "writing the boot script of " + machine.id(), e);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Creates the disk (qcow2) when missing, at least {@code minBytes} and diskSizeMiB big. */
  private void ensureDisk(MachineSpec machine, MachineFiles files, long minBytes)
      throws DriverException {
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

  private static long sizeOf(Path file) throws DriverException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "cannot read the image " + file + ": " + e, e);
    }
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

  private static Optional<String> readMarker(MachineFiles files) {
    try {
      return Optional.of(Files.readString(files.sessionMarker(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writeMarker(MachineFiles files, String session) throws DriverException {
    try {
      writeAtomically(files.sessionMarker(), session + "\n");
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "writing the session marker: " + e, e);
    }
  }

  private static void clearMarker(MachineFiles files) throws DriverException {
    try {
      Files.deleteIfExists(files.sessionMarker());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "removing the session marker: " + e, e);
    }
  }

  private static boolean awaitPower(BmcPower bmc, PowerState wanted, Duration timeout)
      throws DriverException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bmc.status() != wanted) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(200);
    }
    return true;
  }

  private static int sshPort(MachineSpec machine) {
    String port = machine.settings().get("sshPort");
    if (port == null || !port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "qemu machine " + machine.id() + " needs the setting sshPort (got " + port + ")");
    }
    return Integer.parseInt(port);
  }

  private static String mac(MachineSpec machine) {
    return machine
        .bootMac()
        .orElseThrow(
            () ->
                new IllegalArgumentException("qemu machine " + machine.id() + " needs a bootMac"));
  }

  private static String bootServerHost(MachineSpec machine) {
    return machine.setting("bootServerHost", "10.0.2.2");
  }

  private static Duration seconds(MachineSpec machine, String key, long defaultSeconds) {
    return Duration.ofSeconds(Long.parseLong(machine.setting(key, Long.toString(defaultSeconds))));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
