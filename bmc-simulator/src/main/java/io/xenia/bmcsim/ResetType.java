package io.xenia.bmcsim;

/** The Redfish {@code ResetType} values this service accepts for {@code ComputerSystem.Reset}. */
public enum ResetType {
  On,
  ForceOff,
  GracefulShutdown,
  GracefulRestart,
  ForceRestart,
  PowerCycle;

  /** The value named in a request, or null when it is not one of ours. */
  static ResetType parse(String value) {
    for (ResetType type : values()) {
      if (type.name().equals(value)) {
        return type;
      }
    }
    return null;
  }
}
