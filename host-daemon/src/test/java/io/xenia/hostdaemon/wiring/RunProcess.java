package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.cli.HostDaemonMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code host-daemon run --config <inventory>} as a child JVM on this test's class path, its output
 * collected by a daemon thread (so the child never blocks on a full pipe, and failures can show
 * what it said).
 */
final class RunProcess implements AutoCloseable {
  private static final Pattern CONTROL = Pattern.compile("control API on [^,]*:(\\d+),");
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private RunProcess(Process process) {
    this.process = process;
    Thread drain =
        new Thread(
            () -> {
              try (var out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
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

  /** Starts {@code host-daemon run --config config} with {@code extraArgs} after it. */
  static RunProcess start(Path config, String... extraArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HostDaemonMain.class.getName());
    command.add("run");
    command.add("--config");
    command.add(config.toString());
    command.addAll(List.of(extraArgs));
    return new RunProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits (60 s at most) for a line of output; fails if the daemon exits first. */
  void awaitLine(String what, Predicate<String> line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (output.stream().noneMatch(line)) {
      assertTrue(process.isAlive(), () -> "host-daemon run exited before " + what + ": " + output);
      assertTrue(System.nanoTime() < deadline, () -> "never saw " + what + ": " + output);
      Thread.sleep(20);
    }
  }

  /** The control API's port, from the line an enrolled daemon prints once its services run. */
  int controlPort() throws InterruptedException {
    awaitLine("the enrolled line", l -> l.startsWith("host-daemon: enrolled as "));
    for (String line : output) {
      Matcher m = CONTROL.matcher(line);
      if (line.startsWith("host-daemon: enrolled as ") && m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no control API port in " + output);
  }

  List<String> output() {
    return output;
  }

  Process process() {
    return process;
  }

  /** SIGTERM (the clean stop) and its exit status (143). */
  int terminate() throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM: " + output);
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no clean stop; the store lock goes with the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
