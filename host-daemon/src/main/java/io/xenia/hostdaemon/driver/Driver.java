package io.xenia.hostdaemon.driver;

/**
 * What host-daemon asks of one kind of machine: the small SPI every driver (fake, netns, qemu, and
 * ipmi/redfish for real hardware) implements. It is the only code that touches machines.
 *
 * <p>Calls block and run on the daemon's worker threads; the daemon never runs two calls for the
 * same machine at once, but calls for different machines run in parallel. Every call that changes a
 * machine is idempotent: after a crash the reconciler repeats the last step it recorded, so a
 * repeat must converge to the same machine, not fail or leak (a second namespace, a second VM).
 */
public interface Driver extends AutoCloseable {
  /** The name used in the inventory's {@code driver} field, like {@code "netns"}. */
  String kind();

  /** What the machine is now, read without changing it. */
  Inspection inspect(MachineSpec machine) throws DriverException;

  /** Powers the machine on, off, softly off or resets it; ON when already on does nothing. */
  void power(MachineSpec machine, PowerAction action) throws DriverException;

  /** Where the machine boots from at its next power-on. */
  void bootFrom(MachineSpec machine, BootDevice device) throws DriverException;

  /**
   * Puts the image and the customer's access on the machine, boots it and returns once the customer
   * can log in (SSH answers). The machine is marked with the session id so that {@link #inspect}
   * can tell whose deployment is on it.
   */
  Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException;

  /**
   * Erases everything a customer left (disk zeroed or discarded, marker removed), leaves the
   * machine powered off and says what was done, for the signed wipe record.
   */
  WipeReport wipe(MachineSpec machine) throws DriverException;

  /** Counters of the current deployment since it booted, for metering; monotonic. */
  UsageCounters usage(MachineSpec machine) throws DriverException;

  /**
   * Changes the CPU and memory the running deployment may use. Drivers that cannot throw {@link
   * DriverException.Kind#UNSUPPORTED}.
   */
  default void resize(MachineSpec machine, Limits limits) throws DriverException {
    throw new DriverException(
        DriverException.Kind.UNSUPPORTED, kind() + " machines cannot be resized while running");
  }

  /**
   * Stops the running deployment without losing it (its processes or vCPUs no longer run, memory
   * and disk stay), so that it accrues nothing while its session is paused; idempotent. Drivers
   * that cannot throw {@link DriverException.Kind#UNSUPPORTED} (bare metal: the broker then ends
   * the session instead of pausing it).
   */
  default void pause(MachineSpec machine) throws DriverException {
    throw new DriverException(
        DriverException.Kind.UNSUPPORTED, kind() + " machines cannot be paused");
  }

  /** Lets a paused deployment run again where it stopped; idempotent. */
  default void resume(MachineSpec machine) throws DriverException {
    throw new DriverException(
        DriverException.Kind.UNSUPPORTED, kind() + " machines cannot be paused");
  }

  /** Releases what the driver holds for itself (processes it supervises, connections). */
  @Override
  default void close() {}
}
