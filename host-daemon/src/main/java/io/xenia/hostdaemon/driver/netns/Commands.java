package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the host tools the driver drives ({@code ip}, {@code cp}, {@code tar}...) and waits. */
final class Commands {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Commands() {}

  /** Runs {@code command}; its standard output, or a FAILED error with its standard error. */
  static String run(List<String> command) throws DriverException {
    return run(command, "");
  }

  /** Runs {@code command} with {@code stdin} as its input (like {@code ip -batch -}). */
  static String run(List<String> command, String stdin) throws DriverException {
    Result result = attempt(command, stdin);
    if (result.exitCode != 0) {
      throw new DriverException(
          DriverException.Kind.FAILED,
          String.join(" ", command)
              + " exited with "
              + result.exitCode
              + ": "
              + result.stderr.strip());
    }
    return result.stdout;
  }

  /** Runs {@code command} and says whether it exited 0; for probes and best-effort cleanup. */
  static boolean succeeds(List<String> command) {
    try {
      return attempt(command, "").exitCode == 0;
    } catch (DriverException e) {
      return false;
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result attempt(List<String> command, String stdin) throws DriverException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      // Both pipes are drained concurrently, so a chatty command never blocks on a full pipe.
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String stdout = read(process.getInputStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DriverException(
            DriverException.Kind.TIMEOUT,
            String.join(" ", command) + " did not finish in " + TIMEOUT);
      }
      return new Result(process.exitValue(), stdout, stderr.join());
    } catch (IOException e) {
      throw new DriverException(DriverException.Kind.FAILED, "cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DriverException(DriverException.Kind.FAILED, "interrupted running " + command, e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
