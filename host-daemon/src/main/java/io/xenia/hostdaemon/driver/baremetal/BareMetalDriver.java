package io.xenia.hostdaemon.driver.baremetal;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.bmc.BmcFacts;
import io.xenia.hostdaemon.bmc.BmcPower;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.hostdaemon.driver.pxe.BootScripts;
import io.xenia.hostdaemon.driver.pxe.PxeDriver;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Real servers behind their BMC ({@code driver: ipmi} or {@code driver: redfish}, which must match
 * the machine's {@code bmc.protocol}), provisioned by the network-boot code the qemu driver uses
 * ({@link PxeDriver}). What differs from qemu: the disk is the machine's own (nothing to create or
 * grow, and it can only be erased by zeroing it: the wipe ramdisk writes zeros over all of it,
 * {@code disk-zeroed}); the operator's DHCP on the provisioning network names this driver's boot
 * server's {@code /boot.ipxe} as the boot file, which chains to the per-MAC script served over
 * HTTP; SSH is the machine's own address; facts come from Redfish, and usage is what can be known
 * out of band: nothing but power, so every counter is zero.
 *
 * <p>Settings: {@code sshHost} (required), {@code sshPort} (22), {@code sshUser} (root), {@code
 * bootServerHost} (required: this host's address on the provisioning network), {@code
 * bootServerBind} ({@code <bootServerHost>:8469} for ipmi, {@code :8470} for redfish), {@code disk}
 * ({@code auto}: the first of /dev/vda, /dev/nvme0n1, /dev/sda), {@code kernelArgs} ({@code
 * console=tty0 console=ttyS0,115200n8}), {@code localBoot} ({@code exit} or {@code sanboot}),
 * {@code wipe} (only {@code zero}), and those of {@link PxeDriver}.
 */
public final class BareMetalDriver extends PxeDriver {
  private static final System.Logger LOG = System.getLogger(BareMetalDriver.class.getName());

  private final Bmc.Protocol protocol;
  private final Path scriptsDir;

  /**
   * @param protocol the BMC protocol of every machine of this kind
   * @param machinesDir where each machine's session marker lives
   * @param scriptsDir the per-MAC scripts the boot server serves (also usable as a TFTP root)
   */
  public BareMetalDriver(
      Bmc.Protocol protocol, Path machinesDir, Path scriptsDir, BootFiles bootFiles)
      throws IOException {
    super(protocol.name().toLowerCase(Locale.ROOT), machinesDir, bootFiles);
    this.protocol = requireNonNull(protocol, "protocol is null");
    this.scriptsDir = requireNonNull(scriptsDir, "scriptsDir is null");
    Files.createDirectories(scriptsDir);
  }

  @Override
  protected void checkMachine(MachineSpec machine) throws DriverException {
    Bmc.Protocol actual = machine.bmc().orElseThrow().protocol();
    if (actual != protocol) {
      throw new DriverException(
          Kind.FAILED,
          "machine "
              + machine.id()
              + " has a "
              + actual.name().toLowerCase(Locale.ROOT)
              + " BMC but driver "
              + kind()
              + ": its driver must be "
              + actual.name().toLowerCase(Locale.ROOT));
    }
    required(machine, "sshHost");
    required(machine, "bootServerHost");
    port(machine, "sshPort", "22");
    bootServerBind(machine);
    wipeMethod(machine);
    localBoot(machine);
    if (!ramdiskDisk(machine).matches("auto|/dev/[A-Za-z0-9/_-]+")) {
      throw new IllegalArgumentException(
          "setting disk of " + machine.id() + " must be auto or a /dev path");
    }
    if (!kernelArgs(machine).matches("[A-Za-z0-9_.,=:/ -]*")) {
      throw new IllegalArgumentException(
          "setting kernelArgs of " + machine.id() + " has characters iPXE would misread");
    }
  }

  private static String required(MachineSpec machine, String key) {
    String value = machine.settings().get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          machine.driver() + " machine " + machine.id() + " needs the setting " + key);
    }
    return value;
  }

  @Override
  protected Endpoint endpoint(MachineSpec machine) {
    return new Endpoint(
        required(machine, "sshHost"),
        port(machine, "sshPort", "22"),
        machine.setting("sshUser", "root"));
  }

  @Override
  protected Path scriptDir(MachineSpec machine) {
    return scriptsDir;
  }

  @Override
  protected Optional<Path> servedScripts() {
    return Optional.of(scriptsDir);
  }

  @Override
  protected InetSocketAddress bootServerBind(MachineSpec machine) {
    String bind =
        machine.setting(
            "bootServerBind", required(machine, "bootServerHost") + ":" + defaultBootServerPort());
    int colon = bind.lastIndexOf(':');
    if (colon < 1 || !bind.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "setting bootServerBind of " + machine.id() + " must be host:port, not " + bind);
    }
    String host = bind.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(bind.substring(colon + 1)));
  }

  /**
   * 8469 for ipmi, 8470 for redfish: each kind runs its own boot server, so a host with both kinds
   * must not have them collide on one port by default.
   */
  private int defaultBootServerPort() {
    return protocol == Bmc.Protocol.IPMI ? 8469 : 8470;
  }

  @Override
  protected String bootServerHost(MachineSpec machine) {
    return required(machine, "bootServerHost");
  }

  @Override
  protected String kernelArgs(MachineSpec machine) {
    return machine.setting("kernelArgs", "console=tty0 console=ttyS0,115200n8");
  }

  @Override
  protected String ramdiskDisk(MachineSpec machine) {
    return machine.setting("disk", "auto");
  }

  @Override
  protected BootScripts.LocalBoot localBoot(MachineSpec machine) {
    String how = machine.setting("localBoot", "exit");
    return switch (how) {
      case "exit" -> BootScripts.LocalBoot.EXIT;
      case "sanboot" -> BootScripts.LocalBoot.SANBOOT;
      default ->
          throw new IllegalArgumentException(
              "setting localBoot of " + machine.id() + " must be exit or sanboot, not " + how);
    };
  }

  /** The machine's own disk: nothing to create or grow (an image too big fails in the ramdisk). */
  @Override
  protected void prepareDisk(MachineSpec machine, long minBytes) {}

  /** A server's disk cannot be thrown away and replaced: it is zeroed. */
  @Override
  protected WipeMethod wipeMethod(MachineSpec machine) {
    WipeMethod method = WipeMethod.of(machine.setting("wipe", "zero"));
    if (method != WipeMethod.ZERO) {
      throw new IllegalArgumentException(
          kind()
              + " machine "
              + machine.id()
              + " can only be wiped by zeroing its disk (wipe: zero)");
    }
    return method;
  }

  /**
   * CPU cores and memory from a Redfish BMC (whatever the power state: the BMC knows them), the
   * rest declared; an IPMI BMC tells nothing, so nothing is measured and commissioning trusts the
   * declared facts (and audits that it did).
   */
  @Override
  protected Optional<Facts> measure(MachineSpec machine, PowerState power) throws DriverException {
    BmcPower bmc = bmc(machine);
    if (!(bmc instanceof BmcFacts facts)) {
      return Optional.empty();
    }
    BmcFacts.SystemSummary summary;
    try {
      summary = facts.summary();
    } catch (DriverException e) {
      LOG.log(Level.INFO, "cannot read the facts of {0}: {1}", machine.id(), e.getMessage());
      return Optional.empty();
    }
    Resources declared = machine.declared().resources();
    return Optional.of(
        new Facts(
            new Resources(
                summary.cpuCores(),
                summary.memoryMiB(),
                declared.diskGiB(),
                declared.networkMbps(),
                declared.gpuCount(),
                declared.gpuModel()),
            machine.declared().nics(),
            machine.declared().teeKinds()));
  }

  /**
   * Out of band a server's BMC tells its power, not its CPU time, memory or traffic: the counters
   * are zero; the meter still counts machine time, which is what a whole-machine lease bills.
   */
  @Override
  public UsageCounters usage(MachineSpec machine) {
    return new UsageCounters(0, 0, 0, 0);
  }
}
