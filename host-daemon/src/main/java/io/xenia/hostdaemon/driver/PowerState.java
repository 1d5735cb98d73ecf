package io.xenia.hostdaemon.driver;

/** The power state a driver reads. */
public enum PowerState {
  ON,
  OFF,
  /** The BMC or supervisor did not say. */
  UNKNOWN
}
