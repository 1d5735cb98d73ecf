package io.xenia.hostdaemon.machine;

/**
 * Where a machine is in its lifecycle. The rules for moving between states are in {@link
 * Lifecycle}; the store persists the state, the reconciler acts on it.
 */
public enum MachineState {
  /** Listed in the inventory, not yet commissioned. */
  NEW,
  /** Commissioned, clean and free: may be claimed. */
  READY,
  /** Won by an admission: an agreement exists, nothing is on the machine yet. */
  CLAIMED,
  /** The session's deployment is being put on the machine. */
  PROVISIONING,
  /** The customer's deployment is up and reachable. */
  RUNNING,
  /** The session ended; the machine is being wiped. */
  RELEASING,
  /** Out of service until an operator or commissioning says otherwise; the reason says why. */
  FAILED;

  /** The state's name as written in files and the audit log, like {@code "provisioning"}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The state of a wire name. */
  public static MachineState fromWireName(String name) {
    for (MachineState s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown machine state \"" + name + "\"");
  }

  /** True while a customer session is bound to the machine. */
  public boolean holdsSession() {
    return this == CLAIMED || this == PROVISIONING || this == RUNNING || this == RELEASING;
  }
}
