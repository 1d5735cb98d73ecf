package io.xenia.bmcsim;

import static java.util.Objects.requireNonNull;

/**
 * A ComputerSystem's {@code Boot} override: where it boots at the next power-on ({@code
 * BootSourceOverrideTarget}) and whether that holds once or always ({@code
 * BootSourceOverrideEnabled}).
 */
public record BootOverride(Target target, Enabled enabled) {
  /** The override targets this service supports (Redfish names). */
  public enum Target {
    None,
    Pxe,
    Hdd
  }

  /** How long the override holds (Redfish names). */
  public enum Enabled {
    Disabled,
    Once,
    Continuous
  }

  public static final BootOverride NONE = new BootOverride(Target.None, Enabled.Disabled);

  public BootOverride {
    requireNonNull(target, "target is null");
    requireNonNull(enabled, "enabled is null");
  }

  /** The target in effect for the next power-on, None when disabled. */
  public Target effectiveTarget() {
    return enabled == Enabled.Disabled ? Target.None : target;
  }
}
