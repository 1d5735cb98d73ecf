package io.xenia.bmcsim;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redfish ComputerSystem that is a QEMU process: power on starts it (booting as the boot override
 * says), ForceOff kills it, GracefulShutdown presses the ACPI power button over QMP and forces off
 * after a grace period, ForceRestart resets it over QMP. It is off whenever the process is not
 * running, so a guest that powers itself off is seen as Off, as a BMC would.
 */
public final class QemuSystem implements SimulatedSystem {
  private final String id;
  private final QemuMachine machine;
  private final Duration gracePeriod;
  private BootOverride bootOverride = BootOverride.NONE;
  private Process process;

  public QemuSystem(String id, QemuMachine machine, Duration gracePeriod) {
    this.id = requireNonNull(id, "id is null");
    this.machine = requireNonNull(machine, "machine is null");
    this.gracePeriod = requireNonNull(gracePeriod, "gracePeriod is null");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized boolean poweredOn() {
    return process != null && process.isAlive();
  }

  @Override
  public synchronized void reset(ResetType type) throws IOException {
    switch (type) {
      case On -> powerOn();
      case ForceOff -> forceOff();
      case GracefulShutdown -> gracefulShutdown();
      case ForceRestart, GracefulRestart -> {
        if (poweredOn()) {
          qmp("system_reset");
        } else {
          powerOn();
        }
      }
      case PowerCycle -> {
        forceOff();
        powerOn();
      }
    }
  }

  private void powerOn() throws IOException {
    if (poweredOn()) {
      return;
    }
    Files.createDirectories(machine.qmpSocket().getParent());
    Files.deleteIfExists(machine.qmpSocket());
    ProcessBuilder builder = new ProcessBuilder(machine.command(bootOverride.effectiveTarget()));
    builder.redirectErrorStream(true);
    builder.redirectOutput(
        machine.consoleLog().resolveSibling(machine.name() + ".qemu.log").toFile());
    process = builder.start();
    if (bootOverride.enabled() == BootOverride.Enabled.Once) {
      bootOverride = BootOverride.NONE;
    }
  }

  private void forceOff() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void gracefulShutdown() throws IOException {
    if (!poweredOn()) {
      return;
    }
    try {
      qmp("system_powerdown");
      if (process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (IOException e) {
      // QMP gone: the process is going away or stuck; force it below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forceOff();
  }

  private void qmp(String command) throws IOException {
    try (Qmp qmp = Qmp.connect(machine.qmpSocket())) {
      qmp.execute(command, Map.of());
    }
  }

  @Override
  public synchronized BootOverride bootOverride() {
    return bootOverride;
  }

  @Override
  public synchronized void setBootOverride(BootOverride override) {
    this.bootOverride = requireNonNull(override, "override is null");
  }

  @Override
  public int cpus() {
    return machine.cpus();
  }

  @Override
  public long memoryMiB() {
    return machine.memoryMiB();
  }

  /** Powers off for good, for shutting the simulator down. */
  public synchronized void destroy() {
    forceOff();
  }
}
