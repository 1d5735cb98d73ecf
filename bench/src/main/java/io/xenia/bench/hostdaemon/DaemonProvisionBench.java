package io.xenia.bench.hostdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.netns.NetnsDriver;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.hostdaemon.driver.qemu.QemuDriver;
import io.xenia.protocol.records.Resources;
import io.xenia.testsupport.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Admission → SSH-ready <b>through the daemon</b>: a real {@code HostDaemon} with its mTLS control
 * API, called as a broker calls it — {@code POST /v1/admissions} (a signed agreement comes back),
 * {@code POST /v1/sessions/{id}/provision}, the {@code running} event on {@code GET /v1/events},
 * the endpoint from {@code GET /v1/sessions/{id}}, its SSH banner — then a real OpenSSH login with
 * the customer's key named in the agreement, then terminate → {@code released} (wiped, ready
 * again). Against, in the same run, the bare baseline of each driver's bench: {@code unshare +
 * chroot + dropbear} for netns ({@link NetnsBaseline}), a direct-kernel QEMU boot for qemu ({@link
 * QemuProvisionBench#baselineBoot}).
 *
 * <pre>
 * DaemonProvisionBench --driver netns [--runs 20] [--concurrent 20]
 * DaemonProvisionBench --driver qemu-ipmi|qemu-redfish [--runs 3]
 * </pre>
 *
 * As root (namespaces, cgroups, ipmi_sim); installs its Debian packages when missing.
 */
public final class DaemonProvisionBench {
  private static final String[] NETNS_PACKAGES = {
    "dropbear-bin", "busybox-static", "openssh-client", "socat", "iproute2", "util-linux"
  };
  private static final String[] QEMU_PACKAGES = {
    "qemu-system-x86",
    "qemu-utils",
    "ipxe-qemu",
    "openipmi",
    "ipmitool",
    "dropbear-bin",
    "busybox-static",
    "cpio",
    "fdisk",
    "mtools",
    "syslinux",
    "syslinux-common",
    "dosfstools",
    "e2fsprogs",
    "openssh-client"
  };
  private static final Resources NETNS_MACHINE = new Resources(1, 256, 1, 1000, 0, "");
  private static final Resources QEMU_MACHINE = new Resources(1, 256, 0, 100, 0, "");
  private static final String MAC = "52:54:00:be:0d:01";

  private DaemonProvisionBench() {}

  public static void main(String[] args) throws Exception {
    String driver = "netns";
    int runs = -1;
    int concurrent = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--driver" -> driver = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--concurrent" -> concurrent = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean netns = driver.equals("netns");
    if (!netns && !driver.equals("qemu-ipmi") && !driver.equals("qemu-redfish")) {
      throw new IllegalArgumentException("--driver is netns, qemu-ipmi or qemu-redfish");
    }
    Optional<String> missing = DebianPackages.ensure(netns ? NETNS_PACKAGES : QEMU_PACKAGES);
    if (missing.isPresent() || !DebianPackages.isRoot()) {
      System.err.println("cannot run: " + missing.orElse("needs root"));
      System.exit(2);
    }
    Path work = Files.createTempDirectory("xenia-daemon-bench");
    try {
      Path key = OpenSsh.newKey(work.resolve("customer"));
      if (netns) {
        netns(work, key, runs < 0 ? 20 : runs, concurrent);
      } else {
        qemu(work, key, driver.substring("qemu-".length()), runs < 0 ? 3 : runs);
      }
    } finally {
      Ssh.run(List.of("rm", "-rf", "--one-file-system", work.toString()));
    }
  }

  private static void netns(Path work, Path key, int runs, int concurrent) throws Exception {
    NetnsBaseline baseline =
        NetnsBaseline.prepare(
            work.resolve("baseline-root"), Files.readString(Path.of(key + ".pub")).strip());
    StringBuilder yaml = new StringBuilder();
    yaml.append("daemon:\n  dataDir: ").append(work.resolve("daemon")).append('\n');
    yaml.append("defaults:\n  driver: netns\n  location: {region: eu-west-1}\n");
    yaml.append("  prices: {currency: EUR, perHour: 0.40}\n");
    yaml.append("  settings: {stateDir: ").append(work.resolve("netns")).append("}\n");
    yaml.append("machines:\n");
    List<String> machines = new ArrayList<>();
    machines.add("ns-single");
    for (int i = 1; i <= concurrent; i++) {
      machines.add("ns-c" + i);
    }
    for (String id : machines) {
      yaml.append("  - id: ").append(id).append('\n');
      yaml.append("    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}\n");
    }
    System.out.printf(
        "daemon provision bench, netns: %d single runs, %d concurrent; load %s%n",
        runs, concurrent, Samples.load());
    try (BenchHost host =
        BenchHost.start(yaml.toString(), work, Drivers.of(new NetnsDriver()), key)) {
      // Warm-up: the driver's default image, the JIT, the TLS session.
      for (int i = 0; i < 3; i++) {
        host.provision("ns-single", "warm-" + i, NETNS_MACHINE, 60_000);
        host.terminate("warm-" + i, 60_000);
        baseline.once();
      }
      List<Double> base = new ArrayList<>();
      List<Double> admitted = new ArrayList<>();
      List<Double> running = new ArrayList<>();
      List<Double> ready = new ArrayList<>();
      List<Double> login = new ArrayList<>();
      List<Double> released = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        base.add(baseline.once());
        BenchHost.Timeline t = host.provision("ns-single", "single-" + i, NETNS_MACHINE, 60_000);
        admitted.add(t.admitted());
        running.add(t.running());
        ready.add(t.sshReady());
        login.add(t.login());
        released.add(host.terminate("single-" + i, 60_000));
      }
      System.out.printf("%nsingle, ms (load %s)              p50      p99      max%n", loadNow());
      Samples.row("baseline unshare+dropbear", base);
      Samples.row("daemon: admission answered", admitted);
      Samples.row("daemon: admission -> running event", running);
      Samples.row("daemon: admission -> SSH-ready", ready);
      Samples.row("daemon: + first SSH login", login);
      Samples.row("daemon: terminate -> released", released);
      ratio("SSH-ready p50 / baseline p50", ready, base);

      if (concurrent > 0) {
        List<Double> baseMany = baseline.concurrent(concurrent);
        List<BenchHost.Timeline> many = concurrently(host, concurrent);
        List<Double> manyReady = many.stream().map(BenchHost.Timeline::sshReady).toList();
        List<Double> manyLogin = many.stream().map(BenchHost.Timeline::login).toList();
        System.out.printf(
            "%n%d concurrent, ms from the common start (load %s)   p50      p99      max (= all)%n",
            concurrent, loadNow());
        Samples.row("baseline unshare+dropbear", baseMany);
        Samples.row(
            "daemon: admission answered", many.stream().map(BenchHost.Timeline::admitted).toList());
        Samples.row(
            "daemon: provision answered",
            many.stream().map(BenchHost.Timeline::provisionAccepted).toList());
        Samples.row(
            "daemon: running event", many.stream().map(BenchHost.Timeline::running).toList());
        Samples.row("daemon: admission -> SSH-ready", manyReady);
        Samples.row("daemon: + first SSH login", manyLogin);
        ratio("SSH-ready p50 / baseline p50", manyReady, baseMany);
        ratio("all SSH-ready / baseline all", List.of(max(manyReady)), List.of(max(baseMany)));
      }
    }
    auditSummary(work.resolve("daemon").resolve("audit.log"));
    System.out.printf("%nload after: %s%n", Samples.load());
  }

  /** {@code count} sessions on machines ns-c1.. started at once through the API; then ended. */
  private static List<BenchHost.Timeline> concurrently(BenchHost host, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<BenchHost.Timeline>> futures = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String machine = "ns-c" + i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return host.provision(machine, "many-" + machine, NETNS_MACHINE, 300_000);
                }));
      }
      go.countDown();
      List<BenchHost.Timeline> result = new ArrayList<>();
      for (Future<BenchHost.Timeline> f : futures) {
        result.add(f.get(600, TimeUnit.SECONDS));
      }
      List<Future<Double>> ends = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String session = "many-ns-c" + i;
        ends.add(pool.submit(() -> host.terminate(session, 300_000)));
      }
      List<Double> released = new ArrayList<>();
      for (Future<Double> f : ends) {
        released.add(f.get(600, TimeUnit.SECONDS));
      }
      System.out.printf(
          "(%d terminated at once: all released after %.0f ms)%n", count, max(released));
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void qemu(Path work, Path key, String bmc, int rounds) throws Exception {
    BootFiles files =
        BootFiles.ensure(Path.of(System.getProperty("user.home"), ".cache", "xenia", "qemu-boot"));
    Path state = work.resolve("qemu");
    int sshPort = Ssh.freePort();
    try (QemuHardware hardware =
        QemuHardware.start(bmc, work.resolve("bmc"), state.resolve("vm-1"), "vm-1", MAC, sshPort)) {
      String yaml =
          "daemon:\n  dataDir: "
              + work.resolve("daemon")
              + "\nmachines:\n  - id: vm-1\n    driver: qemu\n"
              + "    location: {region: eu-west-1}\n"
              + "    prices: {currency: EUR, perHour: 0.40}\n"
              + "    bmc: {protocol: "
              + bmc
              + ", address: \""
              + hardware.bmc().address()
              + "\", username: admin, password: bench}\n"
              + "    bootMac: \""
              + MAC
              + "\"\n"
              + "    facts: {cpuCores: 1, memoryMiB: 256, networkMbps: 100}\n"
              + "    settings: {sshPort: \""
              + sshPort
              + "\"}\n";
      System.out.printf(
          "daemon provision bench, qemu behind %s: %d rounds; load %s%n",
          bmc, rounds, Samples.load());
      List<Double> base = new ArrayList<>();
      List<Double> ready = new ArrayList<>();
      List<Double> login = new ArrayList<>();
      List<Double> released = new ArrayList<>();
      try (BenchHost host =
          BenchHost.start(yaml, work, Drivers.of(new QemuDriver(state, files)), key)) {
        for (int i = 0; i < 3; i++) {
          host.admitAndRelease("vm-1", "warm-" + i, QEMU_MACHINE, 300_000);
        }
        for (int round = 1; round <= rounds; round++) {
          double b = QemuProvisionBench.baselineBoot(files, work, Ssh.freePort()) * 1000;
          BenchHost.Timeline t = host.provision("vm-1", "vm-" + round, QEMU_MACHINE, 900_000);
          double r = host.terminate("vm-" + round, 300_000);
          base.add(b);
          ready.add(t.sshReady());
          login.add(t.login());
          released.add(r);
          System.out.printf(
              "round %d (load %s): daemon admission -> SSH-ready %.1f s (admitted %.0f ms,"
                  + " running event %.1f s, login %.1f s), released %.1f s;"
                  + " baseline direct boot -> SSH %.1f s%n",
              round,
              loadNow(),
              t.sshReady() / 1000,
              t.admitted(),
              t.running() / 1000,
              t.login() / 1000,
              r / 1000,
              b / 1000);
        }
      } finally {
        // The wipe powers the machine off; after a failure it may still run, and ipmi_sim does
        // not stop the QEMU it started.
        killQemu(state.resolve("vm-1").resolve("qemu.pid"));
      }
      auditSummary(work.resolve("daemon").resolve("audit.log"));
      System.out.printf("%nqemu (%s), ms             p50      p99      max%n", bmc);
      Samples.row("baseline direct kernel boot", base);
      Samples.row("daemon: admission -> SSH-ready", ready);
      Samples.row("daemon: + first SSH login", login);
      Samples.row("daemon: terminate -> released", released);
      ratio("SSH-ready p50 / baseline p50", ready, base);
    }
    System.out.printf("%nload after: %s%n", Samples.load());
  }

  /**
   * What the daemon recorded, by action: retries ({@code recovery}) and failed inspections show
   * where a slow run lost its time.
   */
  private static void auditSummary(Path auditLog) throws Exception {
    Map<String, Integer> actions = new TreeMap<>();
    Map<String, Integer> recoveries = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(auditLog)) {
      if (!line.isBlank()) {
        JsonNode entry = json.readTree(line);
        String action = entry.path("action").asText();
        actions.merge(action, 1, Integer::sum);
        if (action.equals("recovery")) {
          JsonNode d = entry.path("details");
          String error = d.path("error").asText();
          recoveries.merge(
              d.path("kind").asText()
                  + " -> "
                  + d.path("action").asText()
                  + ": "
                  + error.substring(0, Math.min(90, error.length())),
              1,
              Integer::sum);
        }
      }
    }
    System.out.printf("%naudit log, entries by action: %s%n", actions);
    recoveries.forEach((what, n) -> System.out.printf("  recovery %dx: %s%n", n, what));
  }

  private static void killQemu(Path pidFile) {
    try {
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    } catch (Exception e) {
      System.err.println("could not stop the benchmark's QEMU (" + pidFile + "): " + e);
    }
  }

  private static void ratio(String what, List<Double> measured, List<Double> baseline) {
    System.out.printf(
        "  %-34s %8.1fx%n",
        what, Samples.percentile(measured, 50) / Samples.percentile(baseline, 50));
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static String loadNow() {
    return Samples.load().split(" ")[0];
  }
}
