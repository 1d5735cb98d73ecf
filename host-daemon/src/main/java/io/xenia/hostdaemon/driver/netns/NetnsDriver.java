package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Driver;
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
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code netns} driver: a machine is a Linux network namespace with a veth onto a bridge in a
 * private hub namespace, a rootfs, its own mount/PID/UTS/IPC namespaces with dropbear inside, and a
 * cgroup holding the agreed CPU and memory. The customer's SSH is reached on a 127.0.0.1 port that
 * a per-machine socat forwards through the hub to the machine's dropbear.
 *
 * <p>Everything that must outlive the daemon is a process (setsid, so a daemon crash does not take
 * the machine with it), a kernel object with a name derived from the machine id ({@link
 * MachineNames}) or a file in the machine's directory ({@link MachineState}); so a new driver over
 * the same state directory finds, inspects and cleans what an old one made.
 */
public final class NetnsDriver implements Driver {
  /** One monitor per lock file: the state directory's (hub, slots) and each image's (unpacking). */
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /** {@code -Dxenia.netns.trace=true} prints each provisioning step's time to stderr. */
  private static final boolean TRACE = Boolean.getBoolean("xenia.netns.trace");

  private final CgroupHierarchy cgroups;

  /** Hubs this driver built or checked; re-checked (under the lock) when their file is gone. */
  private final Set<String> hubsSeen = ConcurrentHashMap.newKeySet();

  private static long trace(String machine, String step, long since) {
    long now = System.nanoTime();
    if (TRACE) {
      System.err.printf("netns %s %s %.1f ms%n", machine, step, (now - since) / 1e6);
    }
    return now;
  }

  /** A driver for this host; fails when the host has no usable cgroups. */
  public NetnsDriver() throws DriverException {
    this.cgroups = CgroupHierarchy.detect();
  }

  @Override
  public String kind() {
    return "netns";
  }

  @Override
  public Inspection inspect(MachineSpec machine) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    MachineNames names = MachineNames.of(settings, machine.id());
    Optional<MachineState> state = MachineState.load(names.stateFile());
    boolean on = state.map(this::initAlive).orElse(false);
    boolean reachable = on && SshProbe.answers(state.get().sshPort(), 500);
    Optional<Limits> limits = state.flatMap(s -> cgroupOf(s).limits());
    return new Inspection(
        on ? PowerState.ON : PowerState.OFF,
        Optional.of(measure(machine, settings, limits)),
        state.flatMap(MachineState::session),
        reachable);
  }

  /** The host's CPUs and memory, or the machine's cgroup limits when it has them. */
  private static Facts measure(
      MachineSpec machine, NetnsSettings settings, Optional<Limits> limits) {
    int cores = limits.map(Limits::cpuCores).orElse(Runtime.getRuntime().availableProcessors());
    long memoryMiB = limits.map(Limits::memoryMiB).orElse(hostMemoryMiB());
    File disk = settings.stateDir().toFile();
    while (!disk.exists() && disk.getParentFile() != null) {
      disk = disk.getParentFile();
    }
    long diskGiB = disk.getUsableSpace() >> 30;
    Resources resources =
        new Resources(
            cores, memoryMiB, diskGiB, machine.declared().resources().networkMbps(), 0, "");
    return new Facts(resources, 1, Set.of());
  }

  private static long hostMemoryMiB() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines
          .filter(l -> l.startsWith("MemTotal:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) >> 10)
          .findFirst()
          .orElse(0L);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void power(MachineSpec machine, PowerAction action) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    MachineNames names = MachineNames.of(settings, machine.id());
    Optional<MachineState> state = MachineState.load(names.stateFile());
    switch (action) {
      case ON -> {
        MachineState s = deployed(machine, names, state);
        if (!initAlive(s)) {
          // What outlived init (the forwarder, a process that left the PID namespace) goes first,
          // so the new boot owns the SSH port.
          killAll(names, s);
          boot(settings, names, s);
        }
      }
      case OFF -> state.ifPresent(s -> killAll(names, s));
      case SOFT_OFF -> {
        if (state.isPresent()) {
          softOff(settings, names, state.get());
        }
      }
      case RESET -> {
        MachineState s = deployed(machine, names, state);
        killAll(names, s);
        boot(settings, names, s);
      }
    }
  }

  private static MachineState deployed(
      MachineSpec machine, MachineNames names, Optional<MachineState> state)
      throws DriverException {
    if (state.isEmpty() || state.get().session().isEmpty()) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          "netns machine " + machine.id() + " has nothing deployed to power on");
    }
    return state.get();
  }

  private void softOff(NetnsSettings settings, MachineNames names, MachineState state) {
    if (initAlive(state)) {
      Pids.terminate(state.initPid());
      long deadline = System.nanoTime() + settings.softOffTimeout().toNanos();
      while (initAlive(state) && System.nanoTime() < deadline) {
        sleep(20);
      }
    }
    killAll(names, state);
  }

  /** A netns machine always boots its rootfs: there is no other device to choose. */
  @Override
  public void bootFrom(MachineSpec machine, BootDevice device) throws DriverException {
    NetnsSettings.of(machine);
  }

  @Override
  public Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    check(deployment);
    MachineNames names = MachineNames.of(settings, machine.id());
    Optional<MachineState> existing = MachineState.load(names.stateFile());
    if (existing.isPresent()
        && existing.get().session().isPresent()
        && !existing.get().session().get().equals(deployment.sessionId())) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          "netns machine "
              + machine.id()
              + " holds session "
              + existing.get().session().get()
              + "; wipe it before deploying "
              + deployment.sessionId());
    }
    MachineState state = existing.isPresent() ? existing.get() : allocate(settings, names);
    MachineCgroup cgroup = cgroupOf(state);
    Endpoint endpoint = new Endpoint("127.0.0.1", state.sshPort(), "root");
    boolean complete =
        state.session().isPresent()
            && Rootfs.marker(names).map(deployment.sessionId()::equals).orElse(false);
    if (complete && initAlive(state) && SshProbe.answers(state.sshPort(), 1000)) {
      // A repeat after a crash that happened once the machine was up: nothing to do.
      cgroup.apply(deployment.limits());
      return endpoint;
    }
    long t = trace(machine.id(), "checked", System.nanoTime());
    killAll(names, state);
    t = trace(machine.id(), "killed leftovers", t);
    if (!complete) {
      // Unpacking a large image takes seconds: under its own lock, so other machines go on.
      String imageName = deployment.image().map(i -> i.sha256()).orElse("default");
      Path image =
          underLock(
              settings.stateDir().resolve("images").resolve(imageName + ".lock"),
              () -> Rootfs.image(settings.stateDir(), deployment.image()));
      Rootfs.prepare(
          names, deployment.hostname(), deployment.sshPublicKeys(), deployment.sessionId());
      state = state.withSession(deployment.sessionId(), deployment.hostname(), image.toString());
      state.store(names.stateFile());
      t = trace(machine.id(), "rootfs", t);
    }
    cgroup.create();
    cgroup.apply(deployment.limits());
    t = trace(machine.id(), "cgroup", t);
    boot(settings, names, state);
    trace(machine.id(), "booted", t);
    return endpoint;
  }

  private static final Pattern HOSTNAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** What goes into files inside the machine must be one clean line each. */
  private static void check(Deployment deployment) throws DriverException {
    if (!SESSION.matcher(deployment.sessionId()).matches()) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          "session id must be 1-128 of [A-Za-z0-9._:-]: " + deployment.sessionId());
    }
    if (!HOSTNAME.matcher(deployment.hostname()).matches()) {
      throw new DriverException(
          DriverException.Kind.FAILED, "not a host name (RFC 1123): " + deployment.hostname());
    }
    for (String key : deployment.sshPublicKeys()) {
      if (key.isBlank() || key.contains("\n") || key.contains("\r")) {
        throw new DriverException(
            DriverException.Kind.FAILED, "an SSH key must be one authorized_keys line");
      }
    }
  }

  /**
   * Gives a new machine its address slot and SSH port, written down before anything is created so
   * that a crash from here on leaves a state file that wipe follows.
   */
  private MachineState allocate(NetnsSettings settings, MachineNames names) throws DriverException {
    return underStateLock(
        settings,
        () -> {
          Set<Integer> slots = new HashSet<>();
          Set<Integer> ports = new HashSet<>();
          Path machines = settings.stateDir().resolve("machines");
          if (Files.isDirectory(machines)) {
            try (Stream<Path> dirs = Files.list(machines)) {
              for (Path dir : dirs.toList()) {
                Optional<MachineState> other = MachineState.load(dir.resolve("state.properties"));
                other.ifPresent(
                    o -> {
                      slots.add(o.slot());
                      ports.add(o.sshPort());
                    });
              }
            } catch (IOException e) {
              throw new DriverException(
                  DriverException.Kind.FAILED, "cannot list " + machines + ": " + e, e);
            }
          }
          int slot = 2;
          while (slots.contains(slot)) {
            slot++;
          }
          if (slot > 0xfffd) {
            throw new DriverException(
                DriverException.Kind.FAILED, "no free address in " + settings.subnet() + ".0.0/16");
          }
          int port =
              settings.sshPort().isPresent() ? settings.sshPort().getAsInt() : freePort(ports);
          MachineCgroup cgroup = cgroups.machine(settings.cgroupParent(), names.cgroupLeaf());
          MachineState state =
              new MachineState(slot, port, encode(cgroup), Optional.empty(), "", "", 0, 0);
          state.store(names.stateFile());
          return state;
        });
  }

  private static int freePort(Set<Integer> taken) throws DriverException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (!taken.contains(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new DriverException(
            DriverException.Kind.FAILED, "no free port on 127.0.0.1: " + e, e);
      }
    }
    throw new DriverException(DriverException.Kind.FAILED, "no free port on 127.0.0.1");
  }

  /**
   * Starts the machine: network (if not complete), init in new mount/PID/UTS/IPC namespaces inside
   * its network namespace, the SSH forwarder; both join the machine's cgroup before they exec.
   * Returns once SSH answers.
   */
  private void boot(NetnsSettings settings, MachineNames names, MachineState state)
      throws DriverException {
    String address = state.address(settings.subnet());
    long t = System.nanoTime();
    if (!(hubsSeen.contains(names.hub()) && Files.exists(names.hubFile()))) {
      underStateLock(
          settings,
          () -> {
            Network.ensureHub(names, settings.subnet());
            return null;
          });
      hubsSeen.add(names.hub());
    }
    t = trace(names.netns(), "hub", t);
    if (!Network.complete(names, address)) {
      Network.build(names, settings.subnet(), address);
    }
    t = trace(names.netns(), "network", t);
    MachineCgroup cgroup = cgroupOf(state);
    cgroup.create();
    List<String> init = new ArrayList<>(List.of("/usr/bin/nsenter", "--net=" + names.netnsFile()));
    init.addAll(
        List.of(
            "/usr/bin/unshare",
            "--mount",
            "--uts",
            "--ipc",
            "--pid",
            "--fork",
            "--kill-child",
            "--propagation",
            "private"));
    init.addAll(Rootfs.stage0(names, Path.of(state.image())));
    long launcher = spawn(names, cgroup, init);
    long initPid = 0;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (initPid == 0) {
      Optional<Long> child = Pids.firstChild(launcher);
      if (child.isPresent()) {
        initPid = child.get();
      } else if (Pids.startTime(launcher).isEmpty() || System.nanoTime() > deadline) {
        throw new DriverException(
            DriverException.Kind.FAILED, "machine init did not start: " + logTail(names));
      } else {
        sleep(2);
      }
    }
    t = trace(names.netns(), "init started", t);
    long initStart = Pids.startTime(initPid).orElse(0L);
    MachineState running = state.withInit(initPid, initStart);
    running.store(names.stateFile());
    spawn(
        names,
        cgroup,
        List.of(
            "/usr/bin/socat",
            "TCP-LISTEN:" + state.sshPort() + ",bind=127.0.0.1,reuseaddr,fork",
            "EXEC:/usr/bin/nsenter --net="
                + names.hubFile()
                + " /bin/busybox nc "
                + address
                + " 22"));
    long sshDeadline = System.nanoTime() + settings.sshTimeout().toNanos();
    // Cheap checks first (dropbear listens inside, socat listens outside), then the banner through
    // the whole path, which is the truth the customer sees.
    t = trace(names.netns(), "forwarder started", t);
    long self = ProcessHandle.current().pid();
    while (!(Listening.inNamespaceOf(initPid, 22) && Listening.inNamespaceOf(self, state.sshPort()))
        && System.nanoTime() < sshDeadline
        && initAlive(running)) {
      sleep(10);
    }
    t = trace(names.netns(), "listening", t);
    // Each probe through the forwarder costs a socat fork, an nsenter and an nc; on a loaded host
    // that chain alone can take longer than a short probe waits, and abandoning it only to start
    // another adds load. So each probe waits twice as long as the last (to the deadline).
    int probeMillis = 500;
    while (!SshProbe.answers(state.sshPort(), probeMillis)) {
      if (!initAlive(running)) {
        throw new DriverException(
            DriverException.Kind.FAILED, "machine init died: " + logTail(names));
      }
      if (System.nanoTime() > sshDeadline) {
        throw new DriverException(
            DriverException.Kind.TIMEOUT,
            "SSH did not answer on 127.0.0.1:"
                + state.sshPort()
                + " within "
                + settings.sshTimeout()
                + ": "
                + logTail(names));
      }
      long remainingMillis = Math.max(1, (sshDeadline - System.nanoTime()) / 1_000_000);
      probeMillis = (int) Math.min(Math.min(probeMillis * 2L, 4_000), remainingMillis);
      sleep(5);
    }
    trace(names.netns(), "banner", t);
  }

  /**
   * Starts a detached process (own session, so it outlives the daemon) that first moves itself into
   * the machine's cgroup, then execs {@code command}; output goes to the machine's log.
   */
  private static long spawn(MachineNames names, MachineCgroup cgroup, List<String> command)
      throws DriverException {
    List<String> full =
        new ArrayList<>(
            List.of("/usr/bin/setsid", "/bin/sh", "-c", cgroup.joinScript() + "exec \"$@\"", "sh"));
    full.addAll(command);
    try {
      Files.createDirectories(names.dir());
      Process process =
          new ProcessBuilder(full)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(names.log().toFile()))
              .redirectErrorStream(true)
              .start();
      return process.pid();
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot start " + command.get(0) + ": " + e, e);
    }
  }

  private static String logTail(MachineNames names) {
    try {
      String log = Files.readString(names.log());
      return log.length() > 1500 ? log.substring(log.length() - 1500) : log;
    } catch (IOException e) {
      return "(no console log)";
    }
  }

  /**
   * SIGKILL to every process of the machine until none is left: its cgroup, its netns, its init.
   */
  private void killAll(MachineNames names, MachineState state) {
    MachineCgroup cgroup = cgroupOf(state);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Set<Long> pids = new LinkedHashSet<>(cgroup.pids());
      pids.addAll(Network.pids(names));
      if (initAlive(state)) {
        pids.add(state.initPid());
      }
      if (pids.isEmpty() || System.nanoTime() > deadline) {
        return;
      }
      pids.forEach(Pids::kill);
      sleep(10);
    }
  }

  @Override
  public WipeReport wipe(MachineSpec machine) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    MachineNames names = MachineNames.of(settings, machine.id());
    Optional<MachineState> state = MachineState.load(names.stateFile());
    MachineCgroup fallback = cgroups.machine(settings.cgroupParent(), names.cgroupLeaf());
    MachineState s =
        state.orElse(new MachineState(0, 0, encode(fallback), Optional.empty(), "", "", 0, 0));
    MachineCgroup frozen = cgroupOf(s);
    if (frozen.frozen()) {
      frozen.freeze(false); // a paused machine's processes are thawed so that they die now
    }
    killAll(names, s);
    Network.remove(names);
    MachineCgroup cgroup = cgroupOf(s);
    cgroup.remove();
    if (!cgroup.equals(fallback)) {
      fallback.remove();
    }
    long bytes = Rootfs.size(names.upper());
    Rootfs.deleteTree(names.upper());
    Rootfs.deleteTree(names.work());
    // The state file (the marker's record) goes last: a crash before here leaves the machine
    // marked, so the reconciler repeats the wipe.
    Rootfs.deleteTree(names.dir());
    underStateLock(
        settings,
        () -> {
          Path machines = settings.stateDir().resolve("machines");
          boolean empty = true;
          if (Files.isDirectory(machines)) {
            try (Stream<Path> rest = Files.list(machines)) {
              empty = rest.findAny().isEmpty();
            } catch (IOException e) {
              empty = false;
            }
          }
          if (empty) {
            hubsSeen.remove(names.hub());
            Network.removeHub(names);
            cgroup.removeParentsIfEmpty();
          }
          return null;
        });
    return new WipeReport("rootfs-discarded", bytes, Instant.now());
  }

  @Override
  public UsageCounters usage(MachineSpec machine) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    MachineNames names = MachineNames.of(settings, machine.id());
    MachineState state =
        MachineState.load(names.stateFile())
            .orElseThrow(
                () ->
                    new DriverException(
                        DriverException.Kind.FAILED,
                        "netns machine " + machine.id() + " has nothing deployed"));
    MachineCgroup cgroup = cgroupOf(state);
    long[] net = Network.counters(names);
    return new UsageCounters(cgroup.cpuNanos(), cgroup.memoryBytes(), net[0], net[1]);
  }

  @Override
  public void resize(MachineSpec machine, Limits limits) throws DriverException {
    deployedCgroup(machine, "resize").apply(limits);
  }

  /** Freezes every process of the machine: its cgroup ({@code cgroup.freeze}, v2 only). */
  @Override
  public void pause(MachineSpec machine) throws DriverException {
    deployedCgroup(machine, "pause").freeze(true);
  }

  @Override
  public void resume(MachineSpec machine) throws DriverException {
    deployedCgroup(machine, "resume").freeze(false);
  }

  private MachineCgroup deployedCgroup(MachineSpec machine, String what) throws DriverException {
    NetnsSettings settings = NetnsSettings.of(machine);
    MachineNames names = MachineNames.of(settings, machine.id());
    MachineState state =
        MachineState.load(names.stateFile())
            .orElseThrow(
                () ->
                    new DriverException(
                        DriverException.Kind.FAILED,
                        "netns machine " + machine.id() + " has nothing deployed"));
    MachineCgroup cgroup = cgroupOf(state);
    if (!cgroup.exists()) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          "netns machine " + machine.id() + " has no cgroup to " + what);
    }
    return cgroup;
  }

  private boolean initAlive(MachineState state) {
    return Pids.alive(state.initPid(), state.initStart());
  }

  private static String encode(MachineCgroup cgroup) {
    StringBuilder text = new StringBuilder(cgroup.v2() ? "v2" : "v1");
    for (Path dir : cgroup.dirs()) {
      text.append(':').append(dir);
    }
    return text.toString();
  }

  private static MachineCgroup cgroupOf(MachineState state) {
    String[] parts = state.cgroup().split(":");
    List<Path> dirs = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      dirs.add(Path.of(parts[i]));
    }
    return new MachineCgroup(parts[0].equals("v2"), dirs);
  }

  private interface Locked<T> {
    T run() throws DriverException;
  }

  private static <T> T underStateLock(NetnsSettings settings, Locked<T> action)
      throws DriverException {
    return underLock(settings.stateDir().resolve(".lock"), action);
  }

  /** A JVM monitor (file locks are per process) and a file lock (for other processes). */
  private static <T> T underLock(Path lockFile, Locked<T> action) throws DriverException {
    Object monitor = LOCKS.computeIfAbsent(lockFile, p -> new Object());
    synchronized (monitor) {
      try {
        Files.createDirectories(lockFile.getParent());
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
            FileLock lock = file.getChannel().lock()) {
          return action.run();
        }
      } catch (IOException e) {
        throw new DriverException(
            DriverException.Kind.FAILED, "cannot lock " + lockFile + ": " + e, e);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
