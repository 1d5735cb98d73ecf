package io.xenia.hostdaemon.driver;

/** What {@link Driver#power} does, as IPMI and Redfish name it. */
public enum PowerAction {
  ON,
  /** Immediately, like pulling the plug. */
  OFF,
  /** Asks the operating system to shut down (ACPI); the driver waits for it, then forces off. */
  SOFT_OFF,
  /** Off and on again at once. */
  RESET
}
