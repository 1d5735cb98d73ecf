package io.xenia.bmcsim;

import java.util.ArrayList;
import java.util.List;

/**
 * A system with no machine behind it: a power flag and a boot override that record the resets they
 * got. For exercising the Redfish service and Redfish clients without booting anything.
 * Thread-safe.
 */
public final class InMemorySystem implements SimulatedSystem {
  private final String id;
  private final int cpus;
  private final long memoryMiB;
  private final List<ResetType> resets = new ArrayList<>();
  private boolean on;
  private BootOverride boot = BootOverride.NONE;

  public InMemorySystem(String id, int cpus, long memoryMiB) {
    this.id = id;
    this.cpus = cpus;
    this.memoryMiB = memoryMiB;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized boolean poweredOn() {
    return on;
  }

  @Override
  public synchronized void reset(ResetType type) {
    resets.add(type);
    on = type != ResetType.ForceOff && type != ResetType.GracefulShutdown;
  }

  /** The resets received so far, oldest first. */
  public synchronized List<ResetType> resets() {
    return List.copyOf(resets);
  }

  @Override
  public synchronized BootOverride bootOverride() {
    return boot;
  }

  @Override
  public synchronized void setBootOverride(BootOverride override) {
    boot = override;
  }

  @Override
  public int cpus() {
    return cpus;
  }

  @Override
  public long memoryMiB() {
    return memoryMiB;
  }
}
