package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

/**
 * A machine's baseboard management controller, as the inventory names it.
 *
 * @param protocol how to talk to it
 * @param address {@code host:port} for IPMI (lanplus), a base URL like {@code https://10.0.0.5} for
 *     Redfish
 * @param username BMC user
 * @param password BMC password; never logged ({@link #toString()} hides it)
 */
public record Bmc(Protocol protocol, String address, String username, String password) {
  /** The management protocols drivers speak. */
  public enum Protocol {
    IPMI,
    REDFISH
  }

  public Bmc {
    requireNonNull(protocol, "protocol is null");
    requireNonNull(address, "address is null");
    requireNonNull(username, "username is null");
    requireNonNull(password, "password is null");
  }

  @Override
  public String toString() {
    return "Bmc[" + protocol + " " + address + " user=" + username + "]";
  }
}
