package io.xenia.deploy.hosts;

import io.xenia.hostdaemon.enroll.EnrollCommand;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * {@code host-daemon enroll}, run in this JVM: the daemon's own command (key, CSR, {@code POST
 * /v1/hosts/enroll}, identity files), without a JVM start per host.
 */
public final class HostEnrollment {
  private HostEnrollment() {}

  /** The outcome of one {@code enroll} command. */
  public record Run(int exit, String out, String err) {}

  /** {@code host-daemon enroll ARGS}. */
  public static Run command(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new EnrollCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * Enrolls the host whose data dir is {@code dataDir} at {@code broker} with a one-time token; its
   * control API certificate names 127.0.0.1.
   *
   * @throws IllegalStateException if the command fails (its output is in the message)
   */
  public static HostIdentity enroll(URI broker, String token, Path dataDir, String name) {
    Run run =
        command(
            "--broker",
            broker.toString(),
            "--token",
            token,
            "--data-dir",
            dataDir.toString(),
            "--name",
            name,
            "--tls-name",
            "127.0.0.1");
    if (run.exit() != 0) {
      throw new IllegalStateException(
          "enrolling " + name + " failed (exit " + run.exit() + "): " + run.out() + run.err());
    }
    return new IdentityFiles(dataDir).load();
  }

  /** Whether {@code dataDir} holds an enrolled identity already. */
  public static boolean enrolled(Path dataDir) {
    return new IdentityFiles(dataDir).enrolled();
  }
}
