package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.protocol.records.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in daemon in a child JVM that the crash test kills with SIGKILL: it deploys one machine,
 * prints {@code UP} once SSH answers and waits to be killed.
 *
 * <p>Arguments: state directory, machine id, session id, public key.
 */
public final class CrashingDaemon {
  private CrashingDaemon() {}

  public static void main(String[] args) throws Exception {
    MachineSpec spec =
        new MachineSpec(
            args[1],
            "netns",
            Optional.empty(),
            Optional.empty(),
            new Facts(new Resources(1, 256, 1, 1000, 0, ""), 1, Set.of()),
            Map.of("stateDir", args[0]));
    System.out.println("DEPLOYING");
    System.out.flush();
    new NetnsDriver()
        .deploy(
            spec,
            new Deployment(
                args[2], Optional.empty(), List.of(args[3]), new Limits(1, 256), "crashed"));
    System.out.println("UP");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
