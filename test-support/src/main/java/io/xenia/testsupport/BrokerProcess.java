package io.xenia.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The broker's child JVM: launching it on a prepared data directory, waiting until it answers,
 * stopping it. Used by {@link KafkaServer}; {@link #stop()} may be called from a shutdown hook and
 * from {@link KafkaServer#close()}, which {@link ShutdownGuard} serialises.
 */
final class BrokerProcess {

  private static final System.Logger LOG = System.getLogger(KafkaServer.class.getName());

  /** How long a clean shutdown may take before the child is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final String PID_FILE = "broker.pid";
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Process process;
  private final WorkDirectory directory;
  private final Path log;
  private final long startedNanos;

  private BrokerProcess(Process process, WorkDirectory directory, Path log, long startedNanos) {
    this.process = process;
    this.directory = directory;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code java ... KafkaBrokerMain [--format] server.properties} in {@code directory}, with
   * the broker's output appended to {@code broker.log} there (the previous run's moved to {@code
   * broker.log.1}).
   */
  static BrokerProcess launch(
      WorkDirectory directory, List<Path> brokerJars, Path config, boolean format, String maxHeap) {
    Path bootClasses = copyBootClass(directory.resolve("boot"));
    Path log = rotate(directory.resolve("broker.log"));
    List<String> command = new ArrayList<>();
    // Its own session: a Ctrl-C in the terminal reaches only the parent, which stops the broker in
    // its turn
    // (after the services using it). setsid execs in place here (the child is no group leader):
    // same pid.
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    // C1 only: about half the CPU time to start, and a test broker's peak throughput is irrelevant.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"));
    command.add("-cp");
    command.add(classpath(bootClasses, brokerJars));
    command.add(KafkaBrokerMain.class.getName());
    if (format) {
      command.add("--format");
    }
    command.add(config.toString());

    long started = System.nanoTime();
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.path().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start(); // stdin stays a pipe: the child's lifeline, see KafkaBrokerMain
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker JVM: " + command, e);
    }
    BrokerConfig.write(directory.resolve(PID_FILE), process.pid() + "\n");
    return new BrokerProcess(process, directory, log, started);
  }

  Process process() {
    return process;
  }

  /** Milliseconds since {@link #launch}. */
  long elapsedMillis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /**
   * Returns once an admin client's {@code describeCluster} on {@code 127.0.0.1:port} lists a node.
   *
   * @throws IllegalStateException if the child exits first or {@code timeout} (counted from the
   *     launch) passes; the message has the tail of the broker's log
   */
  void awaitReady(int port, Duration timeout) {
    long deadline = startedNanos + timeout.toNanos();
    Admin admin = null;
    Exception last = null;
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker exited with code "
                  + process.exitValue()
                  + " while starting\n"
                  + LogTail.of(log, 60));
        }
        // Only once the port is open: an admin client retrying a closed port fills test logs with
        // warnings.
        if (admin == null && Loopback.accepts(port)) {
          admin = Admin.create(readinessConfig(port));
        }
        if (admin != null) {
          try {
            if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
              return;
            }
          } catch (ExecutionException | TimeoutException e) {
            last = e;
          }
        }
        Thread.sleep(100);
      }
      IllegalStateException failure =
          new IllegalStateException(
              "the Kafka broker did not answer describeCluster on "
                  + Loopback.HOST
                  + ":"
                  + port
                  + " within "
                  + timeout
                  + "\n"
                  + LogTail.of(log, 60));
      if (last != null) {
        failure.addSuppressed(last);
      }
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * Stops the child cleanly (closes its stdin and sends SIGTERM; SIGKILL after {@link
   * #STOP_GRACE}), waits until it is reaped, then releases the data directory (deleting it if
   * temporary). Call once (see {@link ShutdownGuard}).
   */
  void stop() {
    try {
      process.getOutputStream().close(); // the child's cue to shut down
    } catch (IOException ignored) {
      // It gets SIGTERM next anyway.
    }
    long stopping = System.nanoTime();
    boolean clean = Processes.stop(process, STOP_GRACE);
    LOG.log(
        clean ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
        "Kafka broker pid {0,number,#} {1} in {2,number,#} ms",
        process.pid(),
        clean ? "stopped" : "did not stop within " + STOP_GRACE + " and was killed",
        (System.nanoTime() - stopping) / 1_000_000);
    try {
      Files.deleteIfExists(directory.resolve(PID_FILE));
    } catch (IOException ignored) {
      // A stale pid file is checked against the process's command line before use.
    }
    directory.close();
  }

  /**
   * Waits for a broker that a killed JVM left running on {@code directory} to finish (it shuts
   * itself down once it notices that its parent is gone), and forces it if it takes too long.
   */
  static void stopOrphan(Path directory) {
    Processes.fromPidFile(
            directory.resolve(PID_FILE), directory.resolve("server.properties").toString())
        .ifPresent(
            orphan -> {
              if (!Processes.awaitExit(orphan, Duration.ofSeconds(15))) {
                Processes.stop(orphan, Duration.ofSeconds(15));
              }
            });
  }

  private static Map<String, Object> readinessConfig(int port) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Loopback.HOST + ":" + port);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "xenia-test-support-readiness");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return config;
  }

  /**
   * Copies {@link KafkaBrokerMain}'s class file under {@code bootDir}, so that the child's
   * classpath has it without this module's jar (whose other classes and dependencies have no place
   * next to the broker's).
   */
  private static Path copyBootClass(Path bootDir) {
    String resource = KafkaBrokerMain.class.getSimpleName() + ".class";
    Path target =
        bootDir.resolve(
            KafkaBrokerMain.class.getName().replace('.', File.separatorChar) + ".class");
    try (InputStream in = KafkaBrokerMain.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("class file " + resource + " not found");
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return bootDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource + " to " + target, e);
    }
  }

  private static String classpath(Path bootClasses, List<Path> brokerJars) {
    List<String> entries = new ArrayList<>();
    entries.add(bootClasses.toString());
    brokerJars.forEach(jar -> entries.add(jar.toString()));
    return String.join(File.pathSeparator, entries);
  }

  /** Moves the previous run's log to {@code <name>.1}; returns {@code log}. */
  private static Path rotate(Path log) {
    try {
      if (Files.exists(log)) {
        Files.move(
            log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rotate " + log, e);
    }
  }
}
