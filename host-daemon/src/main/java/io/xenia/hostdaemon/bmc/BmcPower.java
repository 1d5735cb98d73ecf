package io.xenia.hostdaemon.bmc;

import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;

/** One machine's BMC, as far as power and boot device go. */
public interface BmcPower {
  /** The chassis power state the BMC reports. */
  PowerState status() throws DriverException;

  /**
   * Sends a power command: ON, OFF (hard), SOFT_OFF (ACPI power button; the OS may take its time or
   * ignore it), RESET. Returns when the BMC accepted it, not when the machine got there.
   */
  void power(PowerAction action) throws DriverException;

  /**
   * Makes the next power-on boot from {@code device}, once. Throws {@link
   * DriverException.Kind#UNSUPPORTED} when the BMC cannot (ipmi_sim cannot): callers then rely on
   * network-first boot and the per-MAC iPXE script.
   */
  void bootOnce(BootDevice device) throws DriverException;
}
