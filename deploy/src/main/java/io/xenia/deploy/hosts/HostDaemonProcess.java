package io.xenia.deploy.hosts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code host-daemon run --config <inventory>} as a child JVM on this JVM's class path (the deploy
 * module carries host-daemon). Its output goes to a log file when one is given (the local
 * marketplace), otherwise it is collected in memory (for tests' failure messages).
 */
public final class HostDaemonProcess implements AutoCloseable {
  private final Process process;
  private final Optional<Path> log;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private HostDaemonProcess(Process process, Optional<Path> log) {
    this.process = process;
    this.log = log;
    if (log.isPresent()) {
      return;
    }
    Thread drain =
        new Thread(
            () -> {
              try (var out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "host-daemon-output");
    drain.setDaemon(true);
    drain.start();
  }

  /** Writes {@code inventory} to {@code config} and starts the daemon on it, output in memory. */
  public static HostDaemonProcess start(Path config, String inventory) throws IOException {
    return start(config, inventory, List.of(), Optional.empty());
  }

  /**
   * Writes {@code inventory} to {@code config} and starts the daemon on it.
   *
   * @param extraArgs further {@code run} options (e.g. {@code --kafka host:port})
   * @param log where its stdout and stderr are appended; empty: kept in memory
   */
  public static HostDaemonProcess start(
      Path config, String inventory, List<String> extraArgs, Optional<Path> log)
      throws IOException {
    Files.writeString(config, inventory);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    // Small heaps: a handful of daemons share one machine with the broker and Kafka.
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    // Text lines, not the broker's JSON logback.xml that shares the class path.
    command.add("-Dlogback.configurationFile=xenia-local-daemon-logback.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.xenia.hostdaemon.cli.HostDaemonMain");
    command.add("run");
    command.add("--config");
    command.add(config.toString());
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (log.isPresent()) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.get().toFile()));
    }
    return new HostDaemonProcess(builder.start(), log);
  }

  /**
   * The inventory's {@code daemon:} section of an enrolled daemon whose data is in {@code state}
   * next to the inventory, joining the broker's DHT at {@code dhtPort}, its ads naming {@code
   * ownerAccountId}; {@code machines} follows it ({@code defaults:} and {@code machines:}).
   */
  public static String inventory(int dhtPort, String ownerAccountId, String machines) {
    return String.join(
        "\n",
        "daemon:",
        "  dataDir: state",
        "  reconcileIntervalMs: 100",
        "  controlApi: {bind: \"127.0.0.1:0\"}",
        "  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:" + dhtPort + "\"]}",
        "  advertise: {ownerAccountId: " + ownerAccountId + ", ttlSeconds: 60}",
        machines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** What it printed so far (read from its log file when it has one). */
  public List<String> output() {
    if (log.isEmpty()) {
      return output;
    }
    try {
      return Files.readAllLines(log.get(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit status once the process ended (137 after {@link #kill()}). */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * SIGTERM, then waits up to {@code seconds} for it to withdraw its ads and stop (kill -9 after).
   *
   * @return whether it stopped by itself
   */
  public boolean stop(long seconds) throws InterruptedException {
    process.destroy();
    if (process.waitFor(seconds, TimeUnit.SECONDS)) {
      return true;
    }
    kill();
    return false;
  }

  /** SIGTERM, without waiting. */
  public void destroySoftly() {
    process.destroy();
  }

  /**
   * Waits up to {@code seconds} for it to exit; kill -9 after.
   *
   * @return whether it exited by itself
   */
  public boolean awaitExit(long seconds) throws InterruptedException {
    if (process.waitFor(seconds, TimeUnit.SECONDS)) {
      return true;
    }
    kill();
    return false;
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
