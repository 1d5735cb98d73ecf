package io.xenia.hostdaemon.driver.pxe;

import static java.util.Objects.requireNonNull;

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
import io.xenia.hostdaemon.driver.WipeReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What every network-booted machine behind a BMC shares, provisioned the way MAAS and Ironic
 * provision bare metal: power through the BMC ({@link io.xenia.hostdaemon.bmc}), a per-MAC iPXE
 * script that says what the next network boot runs, a {@link BootServer} that serves the deploy and
 * wipe ramdisk and each job's files, and the session marker the host keeps per machine.
 *
 * <p>{@link #deploy}: power off → script "deploy" → power on from the network → the ramdisk fetches
 * the whole-disk image, writes it, checks the sha256 of what it wrote, adds the customer's keys and
 * the session marker to the image's root partition (partition 2, ext4), reports done and powers off
 * → script "local disk" → power on → wait until SSH answers. A KERNEL_INITRD image is booted
 * directly by the script instead. {@link #wipe} with {@link WipeMethod#ZERO}: power off → script
 * "wipe" → the ramdisk zeroes the whole disk and reports the bytes → power off.
 *
 * <p>Subclasses say what differs: where SSH answers, where the scripts go and where the boot server
 * listens, the disk (a file to create, or the machine's own), what can be measured, usage, and a
 * cheaper wipe if there is one. Settings every kind reads: {@code deployTimeoutSeconds} (300),
 * {@code bootTimeoutSeconds} (180), {@code softOffSeconds} (30), {@code wipeTimeoutSeconds}
 * (43200), {@code redfishSystem}.
 */
public abstract class PxeDriver implements Driver {
  private static final System.Logger LOG = System.getLogger(PxeDriver.class.getName());

  private final String kind;
  private final Path stateDir;
  private final BootFiles bootFiles;
  private final Map<String, BootServer> bootServers = new ConcurrentHashMap<>();
  private final Map<String, BmcPower> bmcs = new ConcurrentHashMap<>();
  // The boot server job a directly booted kernel keeps using (it fetches its keys again on every
  // boot), by machine id; dropped by the next deploy or wipe.
  private final Map<String, DirectBoot> directBootJobs = new ConcurrentHashMap<>();
  private String defaultImageSha256;

  private record DirectBoot(BootServer server, String token) {}

  /**
   * @param kind the inventory's driver name
   * @param stateDir where each machine's directory (session marker, scripts, disk) lives
   * @param bootFiles the deploy kernel and ramdisk, and the default image
   */
  protected PxeDriver(String kind, Path stateDir, BootFiles bootFiles) throws IOException {
    this.kind = requireNonNull(kind, "kind is null");
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.bootFiles = requireNonNull(bootFiles, "bootFiles is null");
    Files.createDirectories(stateDir);
  }

  @Override
  public final String kind() {
    return kind;
  }

  /** The directory of a machine's own files (its session marker; for qemu its disk and TFTP). */
  public Path machineDir(MachineSpec machine) {
    if (!machine.id().matches("[A-Za-z0-9_.-]+") || machine.id().startsWith(".")) {
      throw new IllegalArgumentException(
          "machine id is not a safe directory name: " + machine.id());
    }
    return stateDir.resolve(machine.id());
  }

  /** The driver's state directory. */
  protected final Path stateDir() {
    return stateDir;
  }

  protected final BootFiles bootFiles() {
    return bootFiles;
  }

  // ---- what a kind of machine says -----------------------------------------------------------

  /**
   * Checks the kind's own settings (beyond a safe id, a boot MAC and a BMC, which every call checks
   * here first); throws {@link IllegalArgumentException} or a FAILED {@link DriverException} naming
   * what is wrong.
   */
  protected abstract void checkMachine(MachineSpec machine) throws DriverException;

  /** Where the customer's SSH answers once the machine runs. */
  protected abstract Endpoint endpoint(MachineSpec machine);

  /** The directory the machine's per-MAC script (and a TFTP {@code boot.ipxe}) is written to. */
  protected abstract Path scriptDir(MachineSpec machine);

  /** Where the boot server for this machine listens ({@code host:port}; port 0: any). */
  protected abstract InetSocketAddress bootServerBind(MachineSpec machine);

  /** The directory whose per-MAC scripts the boot server serves over HTTP, if it does. */
  protected abstract Optional<Path> servedScripts();

  /** How the machine reaches the boot server (host name or address on its network). */
  protected abstract String bootServerHost(MachineSpec machine);

  /** Extra kernel arguments of the ramdisk (its consoles). */
  protected abstract String kernelArgs(MachineSpec machine);

  /** The disk the ramdisk writes and zeroes, as the ramdisk names it ({@code auto}: the first). */
  protected abstract String ramdiskDisk(MachineSpec machine);

  /** How the per-MAC script boots the local disk. */
  protected abstract BootScripts.LocalBoot localBoot(MachineSpec machine);

  /** Makes the disk ready for an image of {@code minBytes} (qemu: creates or grows its file). */
  protected abstract void prepareDisk(MachineSpec machine, long minBytes) throws DriverException;

  /** What can be measured of a machine in this power state, if anything. */
  protected abstract Optional<Facts> measure(MachineSpec machine, PowerState power)
      throws DriverException;

  /** How {@link #wipe} erases this machine. */
  protected abstract WipeMethod wipeMethod(MachineSpec machine);

  /**
   * The {@link WipeMethod#DISCARD} wipe of a powered-off machine whose script and session job are
   * gone; kinds without one never return DISCARD from {@link #wipeMethod}.
   */
  protected WipeReport discardDisk(MachineSpec machine) throws DriverException {
    throw new DriverException(Kind.UNSUPPORTED, kind + " machines cannot discard their disk");
  }

  /** Called after a wipe, for per-machine state of the kind (usage baselines). */
  protected void wiped(MachineSpec machine) {}

  /**
   * Called when the deployment itself starts running (before the disk boot, or once a directly
   * booted kernel answers): usage counts from here, not the ramdisk's or the download's.
   */
  protected void deploymentStarts(MachineSpec machine) {}

  /** How a machine's disk is erased on release. */
  public enum WipeMethod {
    /** The wipe ramdisk writes zeros over the whole disk: {@code disk-zeroed}. */
    ZERO,
    /** The disk's storage is thrown away and replaced by an empty one: {@code disk-discarded}. */
    DISCARD;

    /** The setting {@code wipe}: {@code zero} or {@code discard}. */
    public static WipeMethod of(String setting) {
      return switch (setting) {
        case "zero" -> ZERO;
        case "discard" -> DISCARD;
        default ->
            throw new IllegalArgumentException(
                "setting wipe must be zero or discard, not \"" + setting + "\"");
      };
    }
  }

  // ---- the SPI --------------------------------------------------------------------------------

  private void validate(MachineSpec machine) throws DriverException {
    machineDir(machine);
    mac(machine);
    if (machine.bmc().isEmpty()) {
      throw new DriverException(Kind.FAILED, kind + " machine " + machine.id() + " has no BMC");
    }
    checkMachine(machine);
  }

  @Override
  public Inspection inspect(MachineSpec machine) throws DriverException {
    validate(machine);
    PowerState power = bmc(machine).status();
    Optional<String> session = marker(machine).read();
    Endpoint endpoint = endpoint(machine);
    boolean reachable =
        power == PowerState.ON && SshProbe.answers(endpoint.host(), endpoint.port());
    return new Inspection(power, measure(machine, power), session, reachable);
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
    prepareDisk(machine, 0);
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
      writeScript(machine, BootScripts.localDisk(localBoot(machine)));
    }
    bootOnce(machine, device);
  }

  @Override
  public Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException {
    validate(machine);
    Endpoint endpoint = endpoint(machine);
    // A repeat after a crash: the deployment is already there and answering.
    if (marker(machine).read().equals(Optional.of(deployment.sessionId()))
        && bmc(machine).status() == PowerState.ON
        && SshProbe.answers(endpoint.host(), endpoint.port())) {
      return endpoint;
    }
    BootImage.Kind imageKind =
        deployment.image().map(BootImage::kind).orElse(BootImage.Kind.DISK_RAW);
    if (imageKind == BootImage.Kind.ROOTFS_TAR) {
      throw new DriverException(
          Kind.UNSUPPORTED,
          kind + " machines boot disk images or kernels, not root file system tars");
    }
    powerOff(machine);
    marker(machine).clear();
    dropDirectBootJob(machine);
    String keys = String.join("\n", deployment.sshPublicKeys()) + "\n";
    BootServer server = bootServer(machine);
    if (imageKind == BootImage.Kind.KERNEL_INITRD) {
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
      String token = server.add(job);
      directBootJobs.put(machine.id(), new DirectBoot(server, token));
      writeScript(
          machine, BootScripts.directBoot(baseUrl(machine, server), token, kernelArgs(machine)));
      powerOnFromNetwork(machine);
      awaitSsh(machine, endpoint);
      deploymentStarts(machine);
      marker(machine).write(deployment.sessionId());
      return endpoint;
    }
    Path image = deployment.image().map(BootImage::file).orElse(bootFiles.diskImage());
    String digest =
        deployment.image().isPresent() ? deployment.image().get().sha256() : defaultImageSha256();
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("image sha256 must be 64 lowercase hex digits: " + digest);
    }
    prepareDisk(machine, sizeOf(image));
    BootServer.Job job =
        new BootServer.Job(
            deployment.sessionId(),
            keys,
            deployment.hostname(),
            Optional.of(image),
            digest,
            Optional.empty(),
            Optional.empty());
    runRamdisk(
        machine,
        server,
        job,
        token ->
            BootScripts.deploy(
                baseUrl(machine, server), token, ramdiskDisk(machine), kernelArgs(machine)),
        seconds(machine, "deployTimeoutSeconds", 300),
        "deploy");
    marker(machine).write(deployment.sessionId());
    writeScript(machine, BootScripts.localDisk(localBoot(machine)));
    bootOnce(machine, BootDevice.DISK);
    deploymentStarts(machine);
    powerOn(machine);
    awaitSsh(machine, endpoint);
    return endpoint;
  }

  /**
   * Boots the deploy/wipe ramdisk with {@code job}, waits for its {@code done} and then for it to
   * power the machine off; returns what it reported.
   */
  private long runRamdisk(
      MachineSpec machine,
      BootServer server,
      BootServer.Job job,
      Function<String, String> script,
      Duration timeout,
      String what)
      throws DriverException {
    String token = server.add(job);
    long reported;
    try {
      writeScript(machine, script.apply(token));
      powerOnFromNetwork(machine);
      try {
        reported = job.outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        powerOff(machine);
        throw new DriverException(
            Kind.TIMEOUT,
            "the " + what + " ramdisk on " + machine.id() + " did not finish in " + timeout);
      } catch (ExecutionException e) {
        powerOff(machine);
        throw new DriverException(Kind.FAILED, e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException(
            Kind.TIMEOUT, "interrupted while the " + what + " ramdisk ran on " + machine.id(), e);
      }
      // The ramdisk powers the machine off once the disk is synced; force it if it lingers.
      if (!awaitPower(bmc(machine), PowerState.OFF, Duration.ofSeconds(30))) {
        powerOff(machine);
      }
    } finally {
      server.remove(token);
    }
    return reported;
  }

  /**
   * Powered off, with no script, no job and no session marker left; the disk zeroed by the wipe
   * ramdisk or discarded, as {@link #wipeMethod} says. The marker goes last, so that a wipe cut
   * short still shows a marked machine and is repeated.
   */
  @Override
  public WipeReport wipe(MachineSpec machine) throws DriverException {
    validate(machine);
    WipeMethod method = wipeMethod(machine);
    powerOff(machine);
    dropDirectBootJob(machine);
    WipeReport report;
    if (method == WipeMethod.ZERO) {
      prepareDisk(machine, 0);
      BootServer server = bootServer(machine);
      long zeroed =
          runRamdisk(
              machine,
              server,
              BootServer.Job.wipe(),
              token ->
                  BootScripts.wipe(
                      baseUrl(machine, server), token, ramdiskDisk(machine), kernelArgs(machine)),
              seconds(machine, "wipeTimeoutSeconds", 43_200),
              "wipe");
      if (zeroed < 0) {
        throw new DriverException(
            Kind.FAILED, "the wipe ramdisk on " + machine.id() + " did not say what it zeroed");
      }
      report = new WipeReport("disk-zeroed", zeroed, Instant.now());
    } else {
      report = discardDisk(machine);
    }
    try {
      Files.deleteIfExists(scriptDir(machine).resolve(BootScripts.macScriptName(mac(machine))));
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "removing the boot script of " + machine.id(), e);
    }
    marker(machine).clear();
    wiped(machine);
    return report;
  }

  @Override
  public void close() {
    for (BootServer server : bootServers.values()) {
      server.close();
    }
  }

  // ---- shared pieces ----------------------------------------------------------------------------

  /** The machine's BMC client (one per machine and address, kept). */
  protected final BmcPower bmc(MachineSpec machine) throws DriverException {
    if (machine.bmc().isEmpty()) {
      throw new DriverException(Kind.FAILED, kind + " machine " + machine.id() + " has no BMC");
    }
    return bmcs.computeIfAbsent(
        machine.id() + "|" + machine.bmc().get().address(),
        key ->
            BmcPowers.of(
                machine.bmc().get(), Optional.ofNullable(machine.settings().get("redfishSystem"))));
  }

  private BootServer bootServer(MachineSpec machine) throws DriverException {
    InetSocketAddress bind = bootServerBind(machine);
    try {
      return bootServers.computeIfAbsent(
          bind.getHostString() + ":" + bind.getPort(),
          key -> {
            try {
              return new BootServer(bootFiles, bind, servedScripts());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw new DriverException(
          Kind.FAILED, "cannot start the boot server on " + bind + ": " + e.getCause(), e);
    }
  }

  /** The boot server's port once started (for tests and for the operator's DHCP setup). */
  public int bootServerPort(MachineSpec machine) throws DriverException {
    return bootServer(machine).port();
  }

  private String baseUrl(MachineSpec machine, BootServer server) {
    return "http://" + bootServerHost(machine) + ":" + server.port();
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
    DirectBoot direct = directBootJobs.remove(machine.id());
    if (direct != null) {
      direct.server().remove(direct.token());
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

  /** Writes the per-MAC script (and the TFTP boot file that chains to it) atomically. */
  private void writeScript(MachineSpec machine, String script) throws DriverException {
    Path dir = scriptDir(machine);
    try {
      Files.createDirectories(dir);
      AtomicText.write(dir.resolve("boot.ipxe"), BootScripts.tftpChain());
      AtomicText.write(dir.resolve(BootScripts.macScriptName(mac(machine))), script);
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "writing the boot script of " + machine.id(), e);
    }
  }

  private static long sizeOf(Path file) throws DriverException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "cannot read the image " + file + ": " + e, e);
    }
  }

  private SessionMarker marker(MachineSpec machine) {
    return new SessionMarker(machineDir(machine).resolve("session"));
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

  /** The machine's boot MAC; every network-booted machine needs one. */
  protected final String mac(MachineSpec machine) {
    return machine
        .bootMac()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    kind + " machine " + machine.id() + " needs a bootMac"));
  }

  /** A whole-number setting in seconds. */
  protected static Duration seconds(MachineSpec machine, String key, long defaultSeconds) {
    String value = machine.setting(key, Long.toString(defaultSeconds));
    if (!value.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException(
          "setting " + key + " of " + machine.id() + " must be whole seconds, not " + value);
    }
    return Duration.ofSeconds(Long.parseLong(value));
  }

  /** A TCP port setting. */
  protected static int port(MachineSpec machine, String key, String defaultValue) {
    String port = machine.settings().getOrDefault(key, defaultValue);
    if (port == null || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          machine.driver()
              + " machine "
              + machine.id()
              + " needs the setting "
              + key
              + " (got "
              + port
              + ")");
    }
    return Integer.parseInt(port);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
