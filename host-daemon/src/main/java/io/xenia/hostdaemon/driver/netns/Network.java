package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machines' network, built only inside namespaces this driver creates so that the host's own
 * network is never touched: a private "hub" namespace per state directory holding the bridge {@code
 * xbr0} ({@code subnet.0.1/16}), and per machine a network namespace whose {@code eth0} is one end
 * of a veth pair whose other end is on the bridge.
 */
final class Network {
  private static final Pattern RX = Pattern.compile("\"rx\":\\{\"bytes\":(\\d+)");
  private static final Pattern TX = Pattern.compile("\"tx\":\\{\"bytes\":(\\d+)");

  private Network() {}

  static String gateway(String subnet) {
    return subnet + ".0.1";
  }

  /** Creates the hub namespace and its bridge, or completes them after a crash. */
  static void ensureHub(MachineNames names, String subnet) throws DriverException {
    if (!Files.exists(names.hubFile())) {
      Commands.run(List.of("ip", "netns", "add", names.hub()));
    }
    if (!Commands.succeeds(List.of("ip", "-n", names.hub(), "link", "show", MachineNames.BRIDGE))) {
      Commands.run(
          List.of("ip", "-n", names.hub(), "-b", "-"),
          "link add "
              + MachineNames.BRIDGE
              + " type bridge\n"
              + "addr add "
              + gateway(subnet)
              + "/16 dev "
              + MachineNames.BRIDGE
              + "\nlink set "
              + MachineNames.BRIDGE
              + " up\nlink set lo up\n");
    }
  }

  /** Whether the machine's namespace, veth and address are all there. */
  static boolean complete(MachineNames names, String address) {
    return Files.exists(names.netnsFile())
        && Commands.succeeds(List.of("ip", "-n", names.hub(), "link", "show", names.veth()))
        && addressOf(names).map(address::equals).orElse(false);
  }

  private static Optional<String> addressOf(MachineNames names) {
    try {
      String out =
          Commands.run(
              List.of(
                  "ip",
                  "-n",
                  names.netns(),
                  "-o",
                  "-4",
                  "addr",
                  "show",
                  "dev",
                  MachineNames.MACHINE_NIC));
      Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(out);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (DriverException e) {
      return Optional.empty();
    }
  }

  /** Builds the machine's namespace and veth from scratch, removing any half-built leftovers. */
  static void build(MachineNames names, String subnet, String address) throws DriverException {
    // The veth's peer is created inside the machine's namespace, so deleting that namespace
    // removes the pair: no stray hub end can exist without it.
    if (Files.exists(names.netnsFile())) {
      Commands.succeeds(List.of("ip", "netns", "del", names.netns()));
    }
    Commands.run(List.of("ip", "netns", "add", names.netns()));
    Commands.run(
        List.of("ip", "-n", names.hub(), "-b", "-"),
        "link add "
            + names.veth()
            + " type veth peer name "
            + MachineNames.MACHINE_NIC
            + " netns "
            + names.netns()
            + "\nlink set "
            + names.veth()
            + " master "
            + MachineNames.BRIDGE
            + " up\n");
    Commands.run(
        List.of("ip", "-n", names.netns(), "-b", "-"),
        "addr add "
            + address
            + "/16 dev "
            + MachineNames.MACHINE_NIC
            + "\nlink set "
            + MachineNames.MACHINE_NIC
            + " up\nlink set lo up\nroute add default via "
            + gateway(subnet)
            + "\n");
  }

  /** Deletes the machine's namespace (which destroys its veth pair) and any stray hub end. */
  static void remove(MachineNames names) {
    if (Files.exists(names.netnsFile())) {
      Commands.succeeds(List.of("ip", "netns", "del", names.netns()));
    }
    if (Files.exists(names.hubFile())) {
      Commands.succeeds(List.of("ip", "-n", names.hub(), "link", "del", names.veth()));
    }
  }

  /** Deletes the hub namespace (and its bridge); only when no machine is left. */
  static void removeHub(MachineNames names) {
    if (Files.exists(names.hubFile())) {
      Commands.succeeds(List.of("ip", "netns", "del", names.hub()));
    }
  }

  /** Pids of processes inside the machine's network namespace, whatever their cgroup. */
  static List<Long> pids(MachineNames names) {
    if (!Files.exists(names.netnsFile())) {
      return List.of();
    }
    try {
      return Commands.run(List.of("ip", "netns", "pids", names.netns()))
          .lines()
          .filter(l -> !l.isBlank())
          .map(l -> Long.parseLong(l.strip()))
          .toList();
    } catch (DriverException | RuntimeException e) {
      return List.of();
    }
  }

  /** Bytes received and sent by the machine's eth0: {rx, tx}, or zeros without a namespace. */
  static long[] counters(MachineNames names) {
    if (!Files.exists(names.netnsFile())) {
      return new long[] {0, 0};
    }
    try {
      String json =
          Commands.run(
              List.of(
                  "ip",
                  "-n",
                  names.netns(),
                  "-j",
                  "-s",
                  "link",
                  "show",
                  "dev",
                  MachineNames.MACHINE_NIC));
      Matcher rx = RX.matcher(json);
      Matcher tx = TX.matcher(json);
      return new long[] {
        rx.find() ? Long.parseLong(rx.group(1)) : 0, tx.find() ? Long.parseLong(tx.group(1)) : 0
      };
    } catch (DriverException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
