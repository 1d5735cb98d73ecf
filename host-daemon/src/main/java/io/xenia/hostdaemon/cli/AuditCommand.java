package io.xenia.hostdaemon.cli;

import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code host-daemon audit verify}: checks the audit log's hash chain. */
@Command(
    name = "audit",
    description = "Audit log tools.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "try: audit verify");
  }

  @Command(
      name = "verify",
      description =
          "Checks every entry's hash and link to the previous one; names the first bad entry."
              + " Exit 0: intact (a torn last line from a crash is reported, not an error);"
              + " 1: broken; 2: unreadable.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--config", description = "the inventory file; its data dir holds audit.log")
    Path config;

    @Option(names = "--log", description = "the audit log file itself")
    Path log;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path file;
      if (log != null) {
        file = log;
      } else if (config != null) {
        file = InventoryLoader.load(config).daemon().auditLog();
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --config or --log");
      }
      if (!Files.exists(file)) {
        System.err.println("audit log " + file + " does not exist");
        return 2;
      }
      AuditVerifier.Result r = AuditVerifier.verify(file);
      r.tornTail().ifPresent(t -> System.out.println("WARNING: " + file + ": " + t));
      if (r.ok()) {
        System.out.println("audit log " + file + " OK: " + r.entries() + " entries, chain intact");
        return 0;
      }
      System.out.println(
          "audit log "
              + file
              + " BROKEN at "
              + r.firstBad().get()
              + " ("
              + r.entries()
              + " entries before it verify)");
      return 1;
    }
  }
}
