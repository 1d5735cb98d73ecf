package io.xenia.bench.hostdaemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of the netns benches: the bare minimum of a namespace machine, {@code unshare}
 * (mount/PID/UTS/IPC) + {@code chroot} + dropbear listening straight on 127.0.0.1, from a rootfs
 * prepared once (no network namespace, veth, cgroup, overlay, init or forwarder). Timed from the
 * start to the SSH banner.
 */
final class NetnsBaseline {
  private static final Pattern LIB = Pattern.compile("(/\\S+\\.so[.\\d]*)");

  private final Path root;

  private NetnsBaseline(Path root) {
    this.root = root;
  }

  /** Prepares the rootfs under {@code root}: busybox, dropbear and its libraries, the key. */
  static NetnsBaseline prepare(Path root, String publicKey) throws Exception {
    for (String dir :
        List.of("bin", "usr/sbin", "etc/dropbear", "root/.ssh", "dev", "proc", "tmp", "lib64")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
    Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
    Files.copy(Path.of("/usr/sbin/dropbear"), root.resolve("usr/sbin/dropbear"));
    Matcher m = LIB.matcher(Ssh.run(List.of("ldd", "/usr/sbin/dropbear")));
    while (m.find()) {
      Path lib = Path.of(m.group(1));
      Path target = root.resolve(lib.toString().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(lib, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("root/.ssh/authorized_keys"), publicKey + "\n");
    Ssh.run(List.of("chmod", "-R", "go-rwx", root.resolve("root").toString()));
    Ssh.run(
        List.of(
            "dropbearkey",
            "-t",
            "ed25519",
            "-f",
            root.resolve("etc/dropbear/dropbear_ed25519_host_key").toString()));
    return new NetnsBaseline(root);
  }

  /** One baseline machine: milliseconds from the start to its SSH banner; then stopped. */
  double once() throws Exception {
    int port = Ssh.freePort();
    long start = System.nanoTime();
    Process process = start(port);
    try {
      Ssh.waitForBanner("127.0.0.1", port);
      return (System.nanoTime() - start) / 1e6;
    } finally {
      stop(process);
    }
  }

  /** {@code count} started at once: each one's milliseconds from the common start to its banner. */
  List<Double> concurrent(int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<Double>> ready = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        ready.add(
            pool.submit(
                () -> {
                  int port = Ssh.freePort();
                  processes.add(start(port));
                  Ssh.waitForBanner("127.0.0.1", port);
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
        stop(p);
      }
      pool.shutdownNow();
    }
  }

  private Process start(int port) throws IOException {
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

  private static void stop(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
