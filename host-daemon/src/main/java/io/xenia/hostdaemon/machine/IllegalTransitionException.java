package io.xenia.hostdaemon.machine;

/** A lifecycle transition that {@link Lifecycle} does not allow: a bug or a lost race. */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final MachineState from;
  private final MachineState to;

  public IllegalTransitionException(String machineId, MachineState from, MachineState to) {
    super(
        "machine "
            + machineId
            + " cannot go from "
            + from.wireName()
            + " to "
            + to.wireName()
            + " (allowed: "
            + Lifecycle.next(from)
            + ")");
    this.from = from;
    this.to = to;
  }

  public MachineState from() {
    return from;
  }

  public MachineState to() {
    return to;
  }
}
