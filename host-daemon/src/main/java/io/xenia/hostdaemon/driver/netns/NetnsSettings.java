package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.MachineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The netns settings of one machine, read from {@link MachineSpec#settings()} (keys in {@code
 * docs/host-daemon.md}). Bad values are a clear FAILED error, never a silent default.
 *
 * @param stateDir where the driver keeps machines' files (state, rootfs, logs) and its image cache
 * @param subnet the first two octets of the private /16 on the bridge, like {@code 10.213}
 * @param sshPort the 127.0.0.1 port the customer's SSH is forwarded from, or empty to pick a free
 *     one at the first deploy (and keep it)
 * @param sshTimeout how long deploy and power-on wait for SSH to answer
 * @param softOffTimeout how long SOFT_OFF waits for the machine to stop before killing it
 * @param cgroupParent the cgroup (under each hierarchy's root) machines' cgroups go in
 */
record NetnsSettings(
    Path stateDir,
    String subnet,
    OptionalInt sshPort,
    Duration sshTimeout,
    Duration softOffTimeout,
    String cgroupParent) {
  static final String STATE_DIR = "stateDir";
  static final String SUBNET = "subnet";
  static final String SSH_PORT = "sshPort";
  static final String SSH_TIMEOUT_MILLIS = "sshTimeoutMillis";
  static final String SOFT_OFF_MILLIS = "softOffMillis";
  static final String CGROUP_PARENT = "cgroupParent";

  private static final Pattern SUBNET_FORMAT =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static NetnsSettings of(MachineSpec machine) throws DriverException {
    if (!NAME.matcher(machine.id()).matches() || machine.id().startsWith(".")) {
      throw bad(
          "machine id must be 1-64 of [A-Za-z0-9._-], not starting with '.': " + machine.id());
    }
    String subnet = machine.setting(SUBNET, "10.213");
    if (!SUBNET_FORMAT.matcher(subnet).matches()) {
      throw bad(SUBNET + " must be two octets like 10.213 (a /16): " + subnet);
    }
    String port = machine.setting(SSH_PORT, "");
    OptionalInt sshPort = OptionalInt.empty();
    if (!port.isEmpty()) {
      int value = number(SSH_PORT, port);
      if (value < 1 || value > 65535) {
        throw bad(SSH_PORT + " out of range: " + port);
      }
      sshPort = OptionalInt.of(value);
    }
    String parent = machine.setting(CGROUP_PARENT, "xenia-netns");
    if (!NAME.matcher(parent).matches() || parent.startsWith(".")) {
      throw bad(CGROUP_PARENT + " must be one cgroup name of [A-Za-z0-9._-]: " + parent);
    }
    Path stateDir =
        Path.of(machine.setting(STATE_DIR, "/var/lib/xenia/netns")).toAbsolutePath().normalize();
    if (!SAFE_PATH.matcher(stateDir.toString()).matches()) {
      // It goes into overlayfs mount options and shell arguments.
      throw bad(STATE_DIR + " must be a path of [A-Za-z0-9._/-]: " + stateDir);
    }
    return new NetnsSettings(
        stateDir,
        subnet,
        sshPort,
        Duration.ofMillis(number(SSH_TIMEOUT_MILLIS, machine.setting(SSH_TIMEOUT_MILLIS, "15000"))),
        Duration.ofMillis(number(SOFT_OFF_MILLIS, machine.setting(SOFT_OFF_MILLIS, "3000"))),
        parent);
  }

  private static int number(String key, String value) throws DriverException {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw bad(key + " must not be negative: " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(key + " must be a whole number: " + value);
    }
  }

  private static DriverException bad(String message) {
    return new DriverException(DriverException.Kind.FAILED, "netns settings: " + message);
  }
}
