package io.xenia.hostdaemon.machine;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;

/**
 * The transition rules of the machine lifecycle, as pure code:
 *
 * <pre>
 *   new ──commissioned──▶ ready ──claim──▶ claimed ──provision──▶ provisioning ──deployed──▶ running
 *                          ▲                  │                      │    ▲                     │
 *                          │                  └──────release─────────┤    └──reprovision────────┤
 *                          │                                         ▼                          │
 *                          └──────────wiped──────────────────── releasing ◀──────release────────┘
 *   any state ──▶ failed(reason);  failed ──recommissioned──▶ ready;  failed ──release──▶ releasing
 * </pre>
 *
 * Staying in the same state is never a transition (updates within a state, like recording an
 * endpoint, are not audited as transitions).
 */
public final class Lifecycle {
  private Lifecycle() {}

  /** The states a machine may move to from {@code from}. */
  public static Set<MachineState> next(MachineState from) {
    requireNonNull(from, "from is null");
    EnumSet<MachineState> to =
        switch (from) {
          case NEW -> EnumSet.of(MachineState.READY);
          case READY -> EnumSet.of(MachineState.CLAIMED);
          case CLAIMED -> EnumSet.of(MachineState.PROVISIONING, MachineState.RELEASING);
          case PROVISIONING -> EnumSet.of(MachineState.RUNNING, MachineState.RELEASING);
          case RUNNING -> EnumSet.of(MachineState.PROVISIONING, MachineState.RELEASING);
          case RELEASING -> EnumSet.of(MachineState.READY);
          // A failed machine comes back through commissioning, or is wiped first if a
          // customer's session may have left something on it.
          case FAILED -> EnumSet.of(MachineState.READY, MachineState.RELEASING);
        };
    if (from != MachineState.FAILED) {
      to.add(MachineState.FAILED);
    }
    return to;
  }

  /** True if {@code from → to} is allowed. */
  public static boolean allowed(MachineState from, MachineState to) {
    requireNonNull(to, "to is null");
    return next(from).contains(to);
  }

  /**
   * Checks a transition.
   *
   * @throws IllegalTransitionException if it is not allowed
   */
  public static void check(String machineId, MachineState from, MachineState to) {
    if (!allowed(from, to)) {
      throw new IllegalTransitionException(machineId, from, to);
    }
  }
}
