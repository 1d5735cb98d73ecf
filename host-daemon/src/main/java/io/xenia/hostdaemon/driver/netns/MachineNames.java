package io.xenia.hostdaemon.driver.netns;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Every name a machine's kernel objects get, derived only from the state directory and the machine
 * id. Deterministic names are what makes cleanup after a crash possible: even when the daemon died
 * before writing down what it created, wipe knows which namespace, veth and cgroup to look for.
 *
 * <p>Interface names are limited to 15 bytes, so ids are hashed: 8 hex digits of SHA-256.
 *
 * @param hub the private network namespace holding the bridge, one per state directory
 * @param netns the machine's network namespace
 * @param veth the hub end of the machine's veth pair (the machine end is {@code eth0})
 * @param cgroupLeaf the machine's cgroup, under the configured parent
 * @param dir the machine's directory under the state directory
 */
record MachineNames(String hub, String netns, String veth, String cgroupLeaf, Path dir) {
  static final String BRIDGE = "xbr0";
  static final String MACHINE_NIC = "eth0";

  static MachineNames of(NetnsSettings settings, String machineId) {
    String stateTag = tag(settings.stateDir().toString());
    String machineTag = tag(settings.stateDir() + "\0" + machineId);
    return new MachineNames(
        "xh-" + stateTag,
        "xn-" + machineTag,
        "xv" + machineTag,
        "m-" + machineTag,
        settings.stateDir().resolve("machines").resolve(machineId));
  }

  Path netnsFile() {
    return Path.of("/run/netns", netns);
  }

  Path hubFile() {
    return Path.of("/run/netns", hub);
  }

  /** Where the machine's root is mounted, inside its own mount namespace only. */
  Path rootfs() {
    return dir.resolve("rootfs");
  }

  /** The machine's writable overlay layer: everything it changed, and all a wipe discards. */
  Path upper() {
    return dir.resolve("upper");
  }

  /** overlayfs's scratch directory for {@link #upper()}. */
  Path work() {
    return dir.resolve("work");
  }

  Path stateFile() {
    return dir.resolve("state.properties");
  }

  Path log() {
    return dir.resolve("console.log");
  }

  private static String tag(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }
}
