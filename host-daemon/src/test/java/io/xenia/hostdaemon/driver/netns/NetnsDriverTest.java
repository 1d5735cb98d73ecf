package io.xenia.hostdaemon.driver.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.protocol.records.Resources;
import io.xenia.testsupport.OpenSsh;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The netns driver against the real kernel: namespaces, veth, cgroups, dropbear, and the OpenSSH
 * client logging in with a generated customer key. Each test wipes what it deployed and checks the
 * host is left clean; the class shares one state directory and one customer key.
 */
class NetnsDriverTest {
  private static Path stateDir;
  private static Path customerKey;
  private static String customerPublicKey;
  private static NetnsDriver driver;

  @BeforeAll
  static void prerequisites() throws Exception {
    MachinePrerequisites.requireNetns("netns driver tests");
    stateDir = Files.createTempDirectory("xenia-netns-test");
    customerKey = stateDir.resolve("customer_ed25519");
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "customer",
            "-f",
            customerKey.toString()));
    customerPublicKey = Files.readString(Path.of(customerKey + ".pub")).strip();
    driver = new NetnsDriver();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    // A failed test may have left a machine behind: wipe whatever is still there.
    Path machines = stateDir == null ? null : stateDir.resolve("machines");
    if (driver != null && machines != null && Files.isDirectory(machines)) {
      try (var dirs = Files.list(machines)) {
        for (Path dir : dirs.toList()) {
          driver.wipe(machine(dir.getFileName().toString()));
        }
      }
    }
    if (driver != null) {
      driver.close();
    }
    if (stateDir != null) {
      run(List.of("rm", "-rf", "--one-file-system", stateDir.toString()));
    }
  }

  static MachineSpec machine(String id) {
    return machine(id, Map.of());
  }

  static MachineSpec machine(String id, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("stateDir", stateDir.toString());
    return new MachineSpec(
        id,
        "netns",
        Optional.empty(),
        Optional.empty(),
        new Facts(new Resources(1, 256, 1, 1000, 0, ""), 1, Set.of()),
        settings);
  }

  static Deployment deployment(String session, String hostname) {
    return new Deployment(
        session, Optional.empty(), List.of(customerPublicKey), new Limits(1, 256), hostname);
  }

  static String ssh(Endpoint endpoint, String command) throws Exception {
    return OpenSsh.run(customerKey, endpoint.user(), endpoint.host(), endpoint.port(), command);
  }

  static String run(List<String> command) throws Exception {
    try {
      return OpenSsh.exec(command);
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static MachineState state(MachineSpec spec) throws DriverException {
    return MachineState.load(names(spec).stateFile()).orElseThrow();
  }

  static MachineNames names(MachineSpec spec) throws DriverException {
    return MachineNames.of(NetnsSettings.of(spec), spec.id());
  }

  /** Nothing of the machine left: processes, namespace, veth, cgroup, files, port. */
  static void assertNothingLeft(MachineSpec spec, MachineState before, Endpoint endpoint)
      throws Exception {
    MachineNames names = names(spec);
    assertFalse(Files.exists(names.netnsFile()), "namespace left");
    assertFalse(
        run(List.of("ip", "netns", "list")).contains(names.netns()), "namespace still listed");
    if (Files.exists(names.hubFile())) {
      assertFalse(
          run(List.of("ip", "-n", names.hub(), "-o", "link")).contains(names.veth()), "veth left");
    }
    for (Path dir : NetnsDriverTestSupport.cgroupDirs(before)) {
      assertFalse(Files.exists(dir), "cgroup left: " + dir);
    }
    assertFalse(Pids.alive(before.initPid(), before.initStart()), "init still runs");
    assertFalse(Files.exists(names.dir()), "machine files left");
    assertFalse(SshProbe.answers(endpoint.port(), 300), "SSH still answers");
  }

  @Test
  void aProvisionedMachineIsReachedOverSshWithTheCustomerKey() throws Exception {
    MachineSpec spec = machine("ssh-1");
    try {
      Endpoint endpoint = driver.deploy(spec, deployment("session-ssh-1", "tenant-box"));
      assertEquals("127.0.0.1", endpoint.host());
      String out =
          ssh(
              endpoint,
              "hostname; cat /.xenia/session; cat /proc/self/cgroup; cat /proc/1/cmdline | tr '\\0' ' '");
      assertTrue(out.startsWith("tenant-box\nsession-ssh-1\n"), out);
      assertTrue(
          out.contains(names(spec).cgroupLeaf()), "the shell runs in the machine's cgroup: " + out);
      assertTrue(out.contains("/.xenia/init"), "PID 1 is the machine's init: " + out);
      String confined =
          ssh(
              endpoint,
              "mount -t tmpfs none /tmp 2>/dev/null && echo mounted; "
                  + "(echo x > /proc/sys/kernel/hostname) 2>/dev/null && echo sys-writable; "
                  + "echo done");
      assertEquals("done\n", confined, "no mounts, /proc/sys read-only");

      Inspection inspection = driver.inspect(spec);
      assertEquals(PowerState.ON, inspection.power());
      assertEquals(Optional.of("session-ssh-1"), inspection.deployedSession());
      assertTrue(inspection.reachable());
      Resources measured = inspection.measured().orElseThrow().resources();
      assertEquals(1, measured.cpuCores());
      assertEquals(256, measured.memoryMiB());
    } finally {
      driver.wipe(spec);
    }
  }

  @Test
  void resizeChangesTheLimitsLive() throws Exception {
    MachineSpec spec = machine("resize-1");
    try {
      driver.deploy(spec, deployment("session-resize", "resize"));
      driver.resize(spec, new Limits(2, 512));
      Resources measured = driver.inspect(spec).measured().orElseThrow().resources();
      assertEquals(2, measured.cpuCores());
      assertEquals(512, measured.memoryMiB());
      assertEquals(
          Optional.of(new Limits(2, 512)), NetnsDriverTestSupport.cgroup(state(spec)).limits());
    } finally {
      driver.wipe(spec);
    }
  }

  @Test
  void usageCountersGrowAfterACpuBurn() throws Exception {
    MachineSpec spec = machine("usage-1");
    try {
      Endpoint endpoint = driver.deploy(spec, deployment("session-usage", "usage"));
      UsageCounters before = driver.usage(spec);
      ssh(endpoint, "timeout 1 sh -c 'while :; do :; done'; true");
      UsageCounters after = driver.usage(spec);
      assertTrue(
          after.cpuNanos() - before.cpuNanos() > 300_000_000L,
          "a 1 s burn shows in CPU time: " + before + " -> " + after);
      assertTrue(after.rxBytes() > before.rxBytes(), "SSH traffic in: " + before + " -> " + after);
      assertTrue(after.txBytes() > before.txBytes(), "SSH traffic out: " + before + " -> " + after);
      assertTrue(after.memoryBytes() > 0);
    } finally {
      driver.wipe(spec);
    }
  }

  @Test
  void wipeLeavesNothing() throws Exception {
    MachineSpec spec = machine("wipe-1");
    Endpoint endpoint = driver.deploy(spec, deployment("session-wipe", "wipe"));
    ssh(endpoint, "dd if=/dev/zero of=/root/data bs=1k count=512 2>/dev/null");
    MachineState before = state(spec);

    WipeReport report = driver.wipe(spec);

    assertEquals("rootfs-discarded", report.method());
    assertTrue(report.bytesErased() > 512 * 1024, "the customer's file counts: " + report);
    assertNothingLeft(spec, before, endpoint);
    Inspection after = driver.inspect(spec);
    assertEquals(PowerState.OFF, after.power());
    assertEquals(Optional.empty(), after.deployedSession());
    // A second wipe (the reconciler repeating it) is harmless.
    driver.wipe(spec);
  }

  @Test
  void initKilledBehindTheDriversBackShowsInInspectAndPowerBringsItBack() throws Exception {
    MachineSpec spec = machine("kill-1");
    try {
      Endpoint endpoint = driver.deploy(spec, deployment("session-kill", "kill"));
      run(List.of("kill", "-9", Long.toString(state(spec).initPid())));
      Inspection inspection = driver.inspect(spec);
      for (int i = 0; i < 100 && inspection.power() == PowerState.ON; i++) {
        Thread.sleep(20);
        inspection = driver.inspect(spec);
      }
      assertEquals(PowerState.OFF, inspection.power());
      assertFalse(inspection.reachable());
      assertEquals(Optional.of("session-kill"), inspection.deployedSession(), "the marker stays");

      driver.power(spec, PowerAction.ON);
      assertEquals("kill\n", ssh(endpoint, "hostname"));
      long forwarders = NetnsDriverTestSupport.forwarders(state(spec));
      assertEquals(1, forwarders, "the old forwarder went with the old boot");

      driver.power(spec, PowerAction.SOFT_OFF);
      assertEquals(PowerState.OFF, driver.inspect(spec).power());
      driver.power(spec, PowerAction.RESET);
      assertTrue(driver.inspect(spec).reachable());
      driver.power(spec, PowerAction.OFF);
      assertEquals(PowerState.OFF, driver.inspect(spec).power());
      assertTrue(
          NetnsDriverTestSupport.cgroup(state(spec)).pids().isEmpty(), "OFF kills every process");
    } finally {
      driver.wipe(spec);
    }
  }

  @Test
  void aDeployRepeatedAfterACrashConvergesWithoutASecondMachine() throws Exception {
    MachineSpec spec = machine("crash-1");
    try {
      Endpoint first = driver.deploy(spec, deployment("session-crash", "crash"));
      MachineState up = state(spec);
      // The daemon restarts: a new driver over the same state directory repeats the deploy.
      NetnsDriver restarted = new NetnsDriver();
      assertEquals(first, restarted.deploy(spec, deployment("session-crash", "crash")));
      assertEquals(up.initPid(), state(spec).initPid(), "a running machine is left alone");

      // Killed mid-provision: processes gone, rootfs marker gone (the copy was cut short).
      Set<Long> pids = NetnsDriverTestSupport.cgroup(up).pids();
      pids.forEach(Pids::kill);
      Files.delete(names(spec).upper().resolve(".xenia/session"));
      Endpoint again = new NetnsDriver().deploy(spec, deployment("session-crash", "crash"));
      assertEquals(first, again);
      assertEquals("crash\n", ssh(again, "hostname"));
      String netns = names(spec).netns();
      long namespaces =
          run(List.of("ip", "netns", "list")).lines().filter(l -> l.startsWith(netns)).count();
      assertEquals(1, namespaces);
      long forwarders = NetnsDriverTestSupport.forwarders(state(spec));
      assertEquals(1, forwarders, "one SSH forwarder");

      DriverException other =
          assertThrows(
              DriverException.class, () -> driver.deploy(spec, deployment("session-other", "x")));
      assertEquals(DriverException.Kind.FAILED, other.kind());
    } finally {
      driver.wipe(spec);
    }
  }

  /** Starts {@link CrashingDaemon} in a child JVM and waits for {@code line} on its output. */
  static Process crashingDaemon(String id, String session, String line) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingDaemon.class.getName(),
                stateDir.toString(),
                id,
                session,
                customerPublicKey)
            .redirectErrorStream(true)
            .start();
    var out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String l = out.readLine(); l != null; l = out.readLine()) {
      if (l.equals(line)) {
        return child;
      }
    }
    throw new AssertionError("the child daemon ended before " + line);
  }

  @Test
  void machinesOutliveADaemonKilledWithSigkill() throws Exception {
    MachineSpec spec = machine("sigkill-up");
    try {
      Process daemon = crashingDaemon(spec.id(), "session-sigkill-up", "UP");
      daemon.destroyForcibly().waitFor();
      Inspection inspection = driver.inspect(spec);
      assertEquals(PowerState.ON, inspection.power(), "the machine does not die with the daemon");
      assertTrue(inspection.reachable());
      assertEquals(Optional.of("session-sigkill-up"), inspection.deployedSession());
      assertEquals(
          "crashed\n", ssh(new Endpoint("127.0.0.1", state(spec).sshPort(), "root"), "hostname"));
    } finally {
      driver.wipe(spec);
    }
  }

  @Test
  void aDaemonKilledMidProvisionLeavesAMachineThatARepeatedDeployConverges() throws Exception {
    // Killed at different points of the provisioning; each time the repeat converges.
    for (int delay : new int[] {0, 40, 120}) {
      MachineSpec spec = machine("sigkill-mid-" + delay);
      try {
        Process daemon = crashingDaemon(spec.id(), "session-mid", "DEPLOYING");
        Thread.sleep(delay);
        daemon.destroyForcibly().waitFor();
        Endpoint endpoint = driver.deploy(spec, deployment("session-mid", "crashed"));
        assertEquals("crashed\n", ssh(endpoint, "hostname"));
        assertEquals(1, NetnsDriverTestSupport.forwarders(state(spec)), "one forwarder");
        MachineState up = state(spec);
        driver.wipe(spec);
        assertNothingLeft(spec, up, endpoint);
      } finally {
        driver.wipe(spec);
      }
    }
  }

  @Test
  void twentyConcurrentDeploysAreAllReachable() throws Exception {
    int count = 20;
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Endpoint>> deploys = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        MachineSpec spec = many(i);
        Deployment d = deployment("session-many-" + i, "many-" + i);
        deploys.add(pool.submit(() -> driver.deploy(spec, d)));
      }
      List<Endpoint> endpoints = new ArrayList<>();
      for (Future<Endpoint> deploy : deploys) {
        endpoints.add(deploy.get(120, TimeUnit.SECONDS));
      }
      long upMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(count, endpoints.stream().map(Endpoint::port).distinct().count());
      List<Future<String>> logins = new ArrayList<>();
      for (Endpoint endpoint : endpoints) {
        logins.add(pool.submit(() -> ssh(endpoint, "hostname")));
      }
      for (int i = 0; i < count; i++) {
        assertEquals("many-" + i + "\n", logins.get(i).get(120, TimeUnit.SECONDS));
      }
      System.err.printf(
          "netns: %d concurrent deploys SSH-ready in %d ms, %d logins by %d ms%n",
          count, upMillis, count, (System.nanoTime() - start) / 1_000_000);
    } finally {
      List<Future<WipeReport>> wipes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        MachineSpec spec = many(i);
        wipes.add(pool.submit(() -> driver.wipe(spec)));
      }
      for (Future<WipeReport> wipe : wipes) {
        wipe.get(120, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
  }

  /**
   * One of the twenty machines booted at once. Twenty boots share this host's two cores with
   * whatever else runs beside the tests, so each gets a minute to answer: the claim is that all
   * become reachable, not how fast.
   */
  private static MachineSpec many(int i) {
    return machine("many-" + i, Map.of(NetnsSettings.SSH_TIMEOUT_MILLIS, "60000"));
  }

  @Test
  void aRootfsTarImageBootsWithTheDriversTools() throws Exception {
    Path tree = Files.createTempDirectory(stateDir, "image");
    Files.createDirectories(tree.resolve("bin"));
    Files.createDirectories(tree.resolve("etc"));
    Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
    for (String command : List.of("sh", "cat", "hostname")) {
      Files.createSymbolicLink(tree.resolve("bin").resolve(command), Path.of("busybox"));
    }
    Files.writeString(tree.resolve("etc/os-release"), "ID=tiny\n");
    Path tar = stateDir.resolve("tiny.tar");
    run(List.of("tar", "-C", tree.toString(), "-cf", tar.toString(), "."));
    String sha256 = run(List.of("sha256sum", tar.toString())).substring(0, 64);
    BootImage image = new BootImage(sha256, BootImage.Kind.ROOTFS_TAR, tar, Optional.empty());
    MachineSpec spec = machine("tar-1");
    Deployment d =
        new Deployment(
            "session-tar",
            Optional.of(image),
            List.of(customerPublicKey),
            new Limits(1, 128),
            "tiny");
    try {
      Endpoint endpoint = driver.deploy(spec, d);
      assertEquals(
          "ID=tiny\ntiny\nro\n",
          ssh(
              endpoint,
              "cat /etc/os-release; hostname; grep -q ' /proc/sys proc ro' /proc/mounts && echo ro"));
    } finally {
      driver.wipe(spec);
    }
    assertTrue(
        Files.isDirectory(stateDir.resolve("images").resolve(sha256)),
        "the unpacked image is cached");
  }

  @Test
  void wipeCleansStaleLeftoversAfterAHostRebootOrALostStateFile() throws Exception {
    // A host reboot: processes, namespaces and cgroups gone; state files and the layer remain.
    MachineSpec rebooted = machine("stale-1");
    Endpoint endpoint = driver.deploy(rebooted, deployment("session-stale-1", "stale"));
    MachineState before = state(rebooted);
    MachineCgroup cgroup = NetnsDriverTestSupport.cgroup(before);
    while (!cgroup.pids().isEmpty()) {
      cgroup.pids().forEach(Pids::kill);
      Thread.sleep(10);
    }
    run(List.of("ip", "netns", "del", names(rebooted).netns()));
    cgroup.remove();
    Inspection inspection = driver.inspect(rebooted);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.of("session-stale-1"), inspection.deployedSession());
    assertFalse(inspection.reachable());
    driver.wipe(rebooted);
    assertNothingLeft(rebooted, before, endpoint);

    // The daemon died having lost the state file: wipe finds the machine by its derived names.
    MachineSpec lost = machine("stale-2");
    Endpoint lostEndpoint = driver.deploy(lost, deployment("session-stale-2", "lost"));
    MachineState lostState = state(lost);
    Files.delete(names(lost).stateFile());
    driver.wipe(lost);
    assertNothingLeft(lost, lostState, lostEndpoint);
  }

  @Test
  void badSettingsAreClearErrors() {
    DriverException id =
        assertThrows(DriverException.class, () -> driver.inspect(machine("../escape")));
    assertTrue(id.getMessage().contains("machine id"), id.getMessage());
    DriverException hostname =
        assertThrows(
            DriverException.class,
            () -> driver.deploy(machine("h"), deployment("session-h", "bad host;name")));
    assertTrue(hostname.getMessage().contains("host name"), hostname.getMessage());
    DriverException key =
        assertThrows(
            DriverException.class,
            () ->
                driver.deploy(
                    machine("k"),
                    new Deployment(
                        "session-k",
                        Optional.empty(),
                        List.of("ssh-ed25519 AAAA a\nssh-ed25519 BBBB b"),
                        new Limits(1, 64),
                        "k")));
    assertTrue(key.getMessage().contains("one authorized_keys line"), key.getMessage());
    DriverException port =
        assertThrows(
            DriverException.class, () -> driver.inspect(machine("p", Map.of("sshPort", "70000"))));
    assertTrue(port.getMessage().contains("sshPort"), port.getMessage());
    DriverException subnet =
        assertThrows(
            DriverException.class, () -> driver.inspect(machine("s", Map.of("subnet", "10.0.0"))));
    assertTrue(subnet.getMessage().contains("subnet"), subnet.getMessage());
  }

  @Test
  void aMachineWithNothingDeployedIsOffAndCannotBePoweredOn() throws Exception {
    MachineSpec spec = machine("empty-1");
    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.empty(), inspection.deployedSession());
    assertTrue(inspection.measured().orElseThrow().resources().cpuCores() >= 1);
    assertEquals(
        DriverException.Kind.FAILED,
        assertThrows(DriverException.class, () -> driver.power(spec, PowerAction.ON)).kind());
  }

  static final class NetnsDriverTestSupport {
    private NetnsDriverTestSupport() {}

    static MachineCgroup cgroup(MachineState state) {
      String[] parts = state.cgroup().split(":");
      List<Path> dirs = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        dirs.add(Path.of(parts[i]));
      }
      return new MachineCgroup(parts[0].equals("v2"), dirs);
    }

    static List<Path> cgroupDirs(MachineState state) {
      return cgroup(state).dirs();
    }

    /** socat listeners in the machine (their per-connection children have a socat parent). */
    static long forwarders(MachineState state) {
      return cgroup(state).pids().stream()
          .filter(pid -> command(pid).startsWith("/usr/bin/socat"))
          .filter(
              pid ->
                  !command(
                          ProcessHandle.of(pid)
                              .flatMap(ProcessHandle::parent)
                              .map(ProcessHandle::pid)
                              .orElse(0L))
                      .startsWith("/usr/bin/socat"))
          .count();
    }

    static String command(long pid) {
      try {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
      } catch (IOException e) {
        return "";
      }
    }
  }
}
