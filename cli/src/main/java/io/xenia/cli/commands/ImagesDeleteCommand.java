package io.xenia.cli.commands;

import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia images delete ID}: frees its quota; blobs other images use stay. */
@Command(name = "delete", description = "Delete an image (and its upload, if unfinished).")
public final class ImagesDeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
  String id;

  @Override
  public Integer call() {
    String iid = Ids.uuid(spec, "ID", id);
    common.client().delete("/v1/images/" + iid);
    if (common.output() == OutputFormat.json) {
      Json.print(
          BrokerClient.JSON.createObjectNode().put("id", iid).put("deleted", true), common.out());
    } else {
      common.out().println("deleted " + iid);
      common.out().flush();
    }
    return ExitCodes.OK;
  }
}
