package io.xenia.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH client as a customer runs it against a leased machine: key authentication only,
 * no host-key prompt (test machines get fresh host keys), no prompts at all. Tests and benches log
 * in this one way, and run other tools through {@link #exec}.
 */
public final class OpenSsh {
  private OpenSsh() {}

  /**
   * Runs {@code command} on {@code user@host:port} with the private key in {@code key}; returns its
   * output.
   *
   * @throws IllegalStateException if ssh exits non-zero or takes over 60 s
   */
  public static String run(Path key, String user, String host, int port, String command)
      throws Exception {
    return exec(
        List.of(
            "ssh",
            "-i",
            key.toString(),
            "-p",
            Integer.toString(port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=30",
            user + "@" + host,
            command));
  }

  /**
   * Runs a local command with no input; returns its output (stdout and stderr).
   *
   * @throws IllegalStateException if it exits non-zero or takes over 60 s
   */
  public static String exec(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " failed: " + out);
    }
    return out;
  }
}
