package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code xenia images ...}: the customer's boot images in the broker's store. */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = "Images: kernel + initrd (+ rootfs) or a whole disk, addressed by SHA-256.",
    subcommands = {
      ImagesPushCommand.class,
      ImagesListCommand.class,
      ImagesShowCommand.class,
      ImagesDeleteCommand.class
    })
public final class ImagesCommand {
  static Table table() {
    return new Table("ID", "NAME", "KIND", "STATUS", "BYTES", "CHUNKS", "CREATED");
  }

  static void row(Table table, JsonNode image) {
    int count = 0;
    int present = 0;
    for (JsonNode p : image.path("parts")) {
      count += p.path("chunkCount").asInt();
      present += p.path("chunksPresent").asInt();
    }
    table.row(
        image.path("id").asText(),
        image.path("name").asText(),
        image.path("kind").asText(),
        image.path("status").asText(),
        image.path("totalBytes").asLong(),
        present + "/" + count,
        image.path("createdAt").asText());
  }

  static void print(JsonNode image, PrintWriter out) {
    Table table = table();
    row(table, image);
    table.print(out);
    out.println();
    Table parts = new Table("PART", "FORMAT", "BYTES", "SHA256", "VERIFIED", "CHUNKS");
    for (JsonNode p : image.path("parts")) {
      parts.row(
          p.path("name").asText(),
          p.path("format").asText(),
          p.path("sizeBytes").asLong(),
          p.path("sha256").asText(),
          p.path("verified").asBoolean() ? "yes" : "no",
          p.path("chunksPresent").asInt() + "/" + p.path("chunkCount").asInt());
    }
    parts.print(out);
    if (image.path("failure").isTextual()) {
      out.println("failure: " + image.path("failure").asText());
    }
    out.flush();
  }
}
