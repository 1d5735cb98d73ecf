package io.xenia.cli.commands;

import io.xenia.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xenia hosts list [--status up]}: every host, by id. */
@Command(name = "list", description = "List your hosts (admins: every host), by id.")
public final class HostsListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--status", paramLabel = "up|suspect|down|revoked", description = "only these")
  String status;

  @Override
  public Integer call() {
    HostsCommand.print(common, HostsCommand.all(common.client(), null, status), "");
    return ExitCodes.OK;
  }
}
