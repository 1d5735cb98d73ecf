package io.xenia.deploy.hosts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code host-daemon run --config <inventory>} as a child process on this test's class path, its
 * output collected (for failure messages) by a daemon thread.
 */
final class HostDaemonProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private HostDaemonProcess(Process process) {
    this.process = process;
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

  /** Writes {@code inventory} to {@code config} and starts the daemon on it. */
  static HostDaemonProcess start(Path config, String inventory) throws IOException {
    Files.writeString(config, inventory);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new HostDaemonProcess(
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.xenia.hostdaemon.cli.HostDaemonMain",
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .start());
  }

  /** The inventory of an enrolled daemon joining the broker's DHT at {@code dhtPort}. */
  static String inventory(int dhtPort, String machines) {
    return String.join(
        "\n",
        "daemon:",
        "  dataDir: state",
        "  reconcileIntervalMs: 100",
        "  controlApi: {bind: \"127.0.0.1:0\"}",
        "  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:" + dhtPort + "\"]}",
        "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 60}",
        machines);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> output() {
    return output;
  }

  /** The exit status once the process ended (137 after {@link #kill()}). */
  int exitValue() {
    return process.exitValue();
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
