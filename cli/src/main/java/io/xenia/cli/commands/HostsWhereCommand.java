package io.xenia.cli.commands;

import io.xenia.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xenia hosts where '<query>'}: a fleet query, every matching host. */
@Command(
    name = "where",
    description = {
      "Your hosts that match a fleet query (docs/fleet.md), e.g.",
      "  xenia hosts where 'cpu.load>0.9'",
      "  xenia hosts where 'status=up machines.free=0 region=eu-*'"
    })
public final class HostsWhereCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      arity = "1..*",
      paramLabel = "QUERY",
      description = "the query (quote it; several words are joined with spaces)")
  java.util.List<String> query;

  @Override
  public Integer call() {
    String q = String.join(" ", query);
    HostsCommand.print(common, HostsCommand.all(common.client(), q, null), " where " + q);
    return ExitCodes.OK;
  }
}
