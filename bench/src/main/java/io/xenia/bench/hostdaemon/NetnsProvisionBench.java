package io.xenia.bench.hostdaemon;

import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.netns.NetnsDriver;
import io.xenia.protocol.records.Resources;
import io.xenia.testsupport.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Provision → SSH-ready of netns machines through the real driver, against a baseline measured in
 * the same run: the bare minimum of a namespace machine, {@code unshare} (mount/PID/UTS/IPC) +
 * {@code chroot} + dropbear listening straight on 127.0.0.1, from a rootfs prepared once (no
 * network namespace, veth, cgroup, rootfs copy or forwarder).
 *
 * <p>Single: {@code --runs} provisions one after the other, baseline and driver alternating, each
 * timed from the call to the SSH banner answering on the machine's endpoint (deploy returns then),
 * then a real OpenSSH login, then a wipe. Concurrent: {@code --concurrent} provisions started at
 * once, each timed from the common start.
 *
 * <p>Usage (as root): {@code NetnsProvisionBench [--runs 20] [--concurrent 20]}. Admission itself
 * is the daemon's, not the driver's; it adds no process work and is not in these figures.
 */
public final class NetnsProvisionBench {
  private NetnsProvisionBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 20;
    int concurrent = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--concurrent" -> concurrent = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Optional<String> missing =
        DebianPackages.ensure(
            "dropbear-bin", "busybox-static", "openssh-client", "socat", "iproute2");
    if (missing.isPresent() || !DebianPackages.isRoot()) {
      System.err.println("cannot run: " + missing.orElse("needs root"));
      System.exit(2);
    }
    Path work = Files.createTempDirectory("xenia-netns-bench");
    Path key = work.resolve("customer");
    Ssh.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
    String publicKey = Files.readString(Path.of(key + ".pub")).strip();
    NetnsBaseline baseline = NetnsBaseline.prepare(work.resolve("baseline-root"), publicKey);
    Path stateDir = work.resolve("state");
    NetnsDriver driver = new NetnsDriver();
    System.out.printf(
        "netns provision bench: %d single runs, %d concurrent; load %s%n",
        runs, concurrent, Samples.load());

    // Warm-up: the driver builds its default image once per state directory; JIT.
    for (int i = 0; i < 3; i++) {
      oneDriver(driver, stateDir, "warm-" + i, publicKey, key);
      baseline.once();
    }

    List<Double> baseReady = new ArrayList<>();
    List<Double> driverReady = new ArrayList<>();
    List<Double> driverLogin = new ArrayList<>();
    List<Double> driverWipe = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      baseReady.add(baseline.once());
      double[] d = oneDriver(driver, stateDir, "single-" + i, publicKey, key);
      driverReady.add(d[0]);
      driverLogin.add(d[1]);
      driverWipe.add(d[2]);
    }
    System.out.printf("%nsingle provision, ms           p50      p99      max%n");
    Samples.row("baseline unshare+dropbear", baseReady);
    Samples.row("driver deploy -> SSH-ready", driverReady);
    Samples.row("driver + first SSH login", driverLogin);
    Samples.row("driver wipe", driverWipe);

    List<Double> baseConcurrent = baseline.concurrent(concurrent);
    List<Double> driverConcurrent = driverConcurrent(driver, stateDir, concurrent, publicKey, key);
    System.out.printf(
        "%n%d concurrent provisions, ms    p50      p99      max (= all ready)%n", concurrent);
    Samples.row("baseline unshare+dropbear", baseConcurrent);
    Samples.row("driver deploy -> SSH-ready", driverConcurrent);
    System.out.printf("%nload after: %s%n", Samples.load());
    driver.close();
    Ssh.run(List.of("rm", "-rf", "--one-file-system", work.toString()));
  }

  private static double[] oneDriver(
      NetnsDriver driver, Path stateDir, String id, String publicKey, Path key) throws Exception {
    MachineSpec spec = spec(stateDir, id);
    long start = System.nanoTime();
    Endpoint endpoint = driver.deploy(spec, deployment(id, publicKey));
    long ready = System.nanoTime();
    Ssh.login(endpoint.host(), endpoint.port(), endpoint.user(), key);
    long login = System.nanoTime();
    driver.wipe(spec);
    long wiped = System.nanoTime();
    return new double[] {(ready - start) / 1e6, (login - start) / 1e6, (wiped - login) / 1e6};
  }

  private static List<Double> driverConcurrent(
      NetnsDriver driver, Path stateDir, int count, String publicKey, Path key) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Double>> ready = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        MachineSpec spec = spec(stateDir, "many-" + i);
        Deployment deployment = deployment("many-" + i, publicKey);
        ready.add(
            pool.submit(
                () -> {
                  Endpoint endpoint = driver.deploy(spec, deployment);
                  double ms = (System.nanoTime() - start) / 1e6;
                  Ssh.login(endpoint.host(), endpoint.port(), endpoint.user(), key);
                  return ms;
                }));
      }
      List<Double> result = new ArrayList<>();
      for (Future<Double> f : ready) {
        result.add(f.get(300, TimeUnit.SECONDS));
      }
      System.out.printf(
          "(driver: %d logins done %.0f ms after the start)%n",
          count, (System.nanoTime() - start) / 1e6);
      List<Future<?>> wipes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        MachineSpec spec = spec(stateDir, "many-" + i);
        wipes.add(pool.submit(() -> driver.wipe(spec)));
      }
      for (Future<?> f : wipes) {
        f.get(300, TimeUnit.SECONDS);
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static MachineSpec spec(Path stateDir, String id) {
    return new MachineSpec(
        id,
        "netns",
        Optional.empty(),
        Optional.empty(),
        new Facts(new Resources(1, 256, 1, 1000, 0, ""), 1, Set.of()),
        Map.of("stateDir", stateDir.toString()));
  }

  private static Deployment deployment(String id, String publicKey) {
    return new Deployment(
        "session-" + id, Optional.empty(), List.of(publicKey), new Limits(1, 256), id);
  }
}
