package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.MachineSpec;

/**
 * What tests outside this package may know of a running netns machine, to prove that nothing of it
 * is left after a release: a snapshot of its processes, namespace and cgroups while it runs, and
 * the check against that snapshot afterwards.
 */
public final class NetnsLeaks {
  private NetnsLeaks() {}

  /** The machine as it runs now (its init, cgroups, names); opaque outside this package. */
  public static final class Snapshot {
    private final MachineState state;

    private Snapshot(MachineState state) {
      this.state = state;
    }

    /** SSH listeners (socat) in the machine: exactly one when it converged. */
    public long forwarders() {
      return NetnsDriverTest.NetnsDriverTestSupport.forwarders(state);
    }

    /** The machine's init process, for "a running machine was left alone" checks. */
    public long initPid() {
      return state.initPid();
    }
  }

  /** The running machine's state, read from the driver's state directory. */
  public static Snapshot snapshot(MachineSpec spec) throws Exception {
    return new Snapshot(NetnsDriverTest.state(spec));
  }

  /**
   * Fails unless nothing of the machine is left: processes, namespace, veth, cgroup, files, port.
   */
  public static void assertNothingLeft(MachineSpec spec, Snapshot running, Endpoint endpoint)
      throws Exception {
    NetnsDriverTest.assertNothingLeft(spec, running.state, endpoint);
  }

  /** How many network namespaces of this machine exist (one while it runs, none after a wipe). */
  public static long namespaces(MachineSpec spec) throws Exception {
    String netns = NetnsDriverTest.names(spec).netns();
    return NetnsDriverTest.run(java.util.List.of("ip", "netns", "list"))
        .lines()
        .filter(l -> l.startsWith(netns))
        .count();
  }
}
