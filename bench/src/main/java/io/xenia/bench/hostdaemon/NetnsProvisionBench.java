package io.xenia.bench.hostdaemon;

import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.netns.NetnsDriver;
import io.xenia.protocol.records.Resources;
import io.xenia.testsupport.DebianPackages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern LIB = Pattern.compile("(/\\S+\\.so[.\\d]*)");

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
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
    String publicKey = Files.readString(Path.of(key + ".pub")).strip();
    Path baselineRoot = baselineRootfs(work.resolve("baseline-root"), publicKey);
    Path stateDir = work.resolve("state");
    NetnsDriver driver = new NetnsDriver();
    System.out.printf(
        "netns provision bench: %d single runs, %d concurrent; load %s%n",
        runs, concurrent, load());

    // Warm-up: the driver builds its default image once per state directory; JIT.
    for (int i = 0; i < 3; i++) {
      oneDriver(driver, stateDir, "warm-" + i, publicKey, key);
      oneBaseline(baselineRoot);
    }

    List<Double> baseReady = new ArrayList<>();
    List<Double> driverReady = new ArrayList<>();
    List<Double> driverLogin = new ArrayList<>();
    List<Double> driverWipe = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      baseReady.add(oneBaseline(baselineRoot));
      double[] d = oneDriver(driver, stateDir, "single-" + i, publicKey, key);
      driverReady.add(d[0]);
      driverLogin.add(d[1]);
      driverWipe.add(d[2]);
    }
    System.out.printf("%nsingle provision, ms           p50      p99      max%n");
    row("baseline unshare+dropbear", baseReady);
    row("driver deploy -> SSH-ready", driverReady);
    row("driver + first SSH login", driverLogin);
    row("driver wipe", driverWipe);

    List<Double> baseConcurrent = baselineConcurrent(baselineRoot, concurrent);
    List<Double> driverConcurrent = driverConcurrent(driver, stateDir, concurrent, publicKey, key);
    System.out.printf(
        "%n%d concurrent provisions, ms    p50      p99      max (= all ready)%n", concurrent);
    row("baseline unshare+dropbear", baseConcurrent);
    row("driver deploy -> SSH-ready", driverConcurrent);
    System.out.printf("%nload after: %s%n", load());
    driver.close();
    run(List.of("rm", "-rf", "--one-file-system", work.toString()));
  }

  private static double[] oneDriver(
      NetnsDriver driver, Path stateDir, String id, String publicKey, Path key) throws Exception {
    MachineSpec spec = spec(stateDir, id);
    long start = System.nanoTime();
    Endpoint endpoint = driver.deploy(spec, deployment(id, publicKey));
    long ready = System.nanoTime();
    ssh(endpoint, key);
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
                  ssh(endpoint, key);
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

  /** The baseline's rootfs, made once: busybox, dropbear and its libraries, the customer key. */
  private static Path baselineRootfs(Path root, String publicKey) throws Exception {
    for (String dir :
        List.of("bin", "usr/sbin", "etc/dropbear", "root/.ssh", "dev", "proc", "tmp", "lib64")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
    Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
    Files.copy(Path.of("/usr/sbin/dropbear"), root.resolve("usr/sbin/dropbear"));
    Matcher m = LIB.matcher(run(List.of("ldd", "/usr/sbin/dropbear")));
    while (m.find()) {
      Path lib = Path.of(m.group(1));
      Path target = root.resolve(lib.toString().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(lib, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("root/.ssh/authorized_keys"), publicKey + "\n");
    run(List.of("chmod", "-R", "go-rwx", root.resolve("root").toString()));
    run(
        List.of(
            "dropbearkey",
            "-t",
            "ed25519",
            "-f",
            root.resolve("etc/dropbear/dropbear_ed25519_host_key").toString()));
    return root;
  }

  private static double oneBaseline(Path root) throws Exception {
    int port = freePort();
    long start = System.nanoTime();
    Process process = startBaseline(root, port);
    waitForBanner(port);
    double ms = (System.nanoTime() - start) / 1e6;
    stopBaseline(process);
    return ms;
  }

  private static List<Double> baselineConcurrent(Path root, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<Double>> ready = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        ready.add(
            pool.submit(
                () -> {
                  int port = freePort();
                  processes.add(startBaseline(root, port));
                  waitForBanner(port);
                  return (System.nanoTime() - start) / 1e6;
                }));
      }
      List<Double> result = new ArrayList<>();
      for (Future<Double> f : ready) {
        result.add(f.get(300, TimeUnit.SECONDS));
      }
      return result;
    } finally {
      for (Process p : processes) {
        stopBaseline(p);
      }
      pool.shutdownNow();
    }
  }

  private static Process startBaseline(Path root, int port) throws IOException {
    return new ProcessBuilder(
            "unshare",
            "--mount",
            "--uts",
            "--ipc",
            "--pid",
            "--fork",
            "--kill-child",
            "chroot",
            root.toString(),
            "/usr/sbin/dropbear",
            "-F",
            "-E",
            "-s",
            "-p",
            "127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void stopBaseline(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static void waitForBanner(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        socket.setSoTimeout(500);
        InputStream in = socket.getInputStream();
        if (new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("SSH-")) {
          return;
        }
      } catch (IOException e) {
        // Not yet.
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no SSH banner on port " + port);
  }

  private static void ssh(Endpoint endpoint, Path key) throws Exception {
    run(
        List.of(
            "ssh",
            "-i",
            key.toString(),
            "-p",
            Integer.toString(endpoint.port()),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            endpoint.user() + "@" + endpoint.host(),
            "true"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
    return out;
  }

  private static void row(String name, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        "  %-28s %8.1f %8.1f %8.1f%n",
        name, percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
