package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.OutputFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia images show ID}: the image, its parts and how far their upload is. */
@Command(name = "show", description = "Show one image: status, parts, digests, upload progress.")
public final class ImagesShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
  String id;

  @Override
  public Integer call() {
    JsonNode image = common.client().get("/v1/images/" + Ids.uuid(spec, "ID", id), Map.of());
    if (common.output() == OutputFormat.json) {
      Json.print(image, common.out());
    } else {
      ImagesCommand.print(image, common.out());
    }
    return ExitCodes.OK;
  }
}
