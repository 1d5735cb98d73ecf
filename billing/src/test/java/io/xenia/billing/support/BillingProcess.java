package io.xenia.billing.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The billing service as a real process (a child JVM on the test's class path), so a test can kill
 * it with SIGKILL in the middle of its work, as a machine failure would.
 */
public final class BillingProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private BillingProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code io.xenia.billing.BillingApplication} with {@code properties} as -D settings. */
  public static BillingProcess start(Map<String, Object> properties, Path log) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.xenia.billing.BillingApplication");
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new BillingProcess(p, log);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
