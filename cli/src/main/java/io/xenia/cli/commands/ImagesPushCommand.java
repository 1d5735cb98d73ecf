package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.images.LocalPart;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Problems;
import io.xenia.cli.output.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenia images push NAME (--kernel F --initrd F [--rootfs F] | --disk F)}: hashes the files,
 * registers the image with their digests and sizes, and uploads the chunks the broker does not yet
 * hold. Pushing the same files under the same name again continues an unfinished upload (the broker
 * says which chunks are missing) instead of starting over, and does nothing for an available image.
 */
@Command(
    name = "push",
    description =
        "Upload an image (kernel + initrd [+ rootfs], or a disk) in chunks; run again to resume.")
public final class ImagesPushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "a name for your records")
  String name;

  @Option(names = "--kernel", paramLabel = "FILE", description = "a bzImage")
  Path kernel;

  @Option(names = "--initrd", paramLabel = "FILE", description = "gzip, cpio, zstd or xz")
  Path initrd;

  @Option(names = "--rootfs", paramLabel = "FILE", description = "ext4 or squashfs (optional)")
  Path rootfs;

  @Option(names = "--disk", paramLabel = "FILE", description = "or a whole disk: raw or qcow2")
  Path disk;

  /** Stops after this many chunks, as a cut connection would: for testing resumption. */
  @Option(names = "--stop-after-chunks", hidden = true)
  Integer stopAfterChunks;

  @Override
  public Integer call() throws IOException {
    List<LocalPart> parts = localParts();
    String kind = disk != null ? "disk" : "kernel-initrd";
    BrokerClient client = common.client();
    JsonNode image = existing(client, kind, parts);
    boolean resumed = image != null;
    if (image == null) {
      image = client.post("/v1/images", declaration(kind, parts), Map.of());
    }
    String id = image.path("id").asText();
    int chunkSize = image.path("chunkSize").asInt();
    Map<LocalPart, List<Integer>> missing = new LinkedHashMap<>();
    long total = 0;
    for (LocalPart p : parts) {
      JsonNode status = client.get("/v1/images/" + id + "/parts/" + p.name() + "/chunks", Map.of());
      total += status.path("chunkCount").asLong();
      List<Integer> m = new ArrayList<>();
      status.path("missing").forEach(n -> m.add(n.asInt()));
      missing.put(p, m);
    }
    long toSend = missing.values().stream().mapToLong(List::size).sum();
    long done = total - toSend;
    Progress progress = new Progress(common.err(), common.interactive());
    progress.update(
        (resumed ? "resuming " : "pushing ")
            + name
            + " ("
            + id
            + "): "
            + done
            + "/"
            + total
            + " chunks already there");
    int sent = 0;
    try {
      for (Map.Entry<LocalPart, List<Integer>> e : missing.entrySet()) {
        LocalPart p = e.getKey();
        for (int index : e.getValue()) {
          if (stopAfterChunks != null && sent >= stopAfterChunks) {
            progress.done();
            Problems.print(
                "interrupted",
                "stopped after " + sent + " chunk(s); push again to continue",
                common.output(),
                common.err());
            return ExitCodes.OTHER;
          }
          byte[] bytes = p.chunk(index, chunkSize);
          client.putBytes(
              "/v1/images/" + id + "/parts/" + p.name() + "/chunks/" + index,
              bytes,
              Map.of("Content-Digest", LocalPart.contentDigest(bytes)));
          sent++;
          done++;
          String bar = Progress.bar(done, total, 30) + "  " + done + "/" + total + " chunks";
          // Plain lines for logs: one per tenth, not one per chunk.
          if (common.interactive() || done == total || done % Math.max(1, total / 10) == 0) {
            progress.update(bar);
          }
        }
      }
    } finally {
      progress.done();
    }
    JsonNode finalImage = client.get("/v1/images/" + id, Map.of());
    if (common.output() == OutputFormat.json) {
      Json.print(finalImage, common.out());
    } else {
      ImagesCommand.print(finalImage, common.out());
    }
    return finalImage.path("status").asText().equals("available") ? ExitCodes.OK : ExitCodes.OTHER;
  }

  /** An image of ours with this name and exactly these parts, not failed: the push to continue. */
  private static JsonNode existing(BrokerClient client, String kind, List<LocalPart> parts) {
    for (JsonNode image : ImagesListCommand.all(client)) {
      String status = image.path("status").asText();
      if (!(status.equals("uploading") || status.equals("available"))
          || !image.path("kind").asText().equals(kind)
          || image.path("parts").size() != parts.size()) {
        continue;
      }
      boolean same = true;
      for (LocalPart p : parts) {
        boolean found = false;
        for (JsonNode q : image.path("parts")) {
          found |=
              q.path("name").asText().equals(p.name())
                  && q.path("sha256").asText().equals(p.sha256())
                  && q.path("sizeBytes").asLong() == p.sizeBytes()
                  && q.path("format").asText().equals(p.format())
                  && !q.has("url");
        }
        same &= found;
      }
      if (same) {
        return image;
      }
    }
    return null;
  }

  private ObjectNode declaration(String kind, List<LocalPart> parts) {
    ObjectNode body = BrokerClient.JSON.createObjectNode();
    body.put("name", name);
    body.put("kind", kind);
    ArrayNode array = body.putArray("parts");
    for (LocalPart p : parts) {
      array
          .addObject()
          .put("name", p.name())
          .put("sha256", p.sha256())
          .put("sizeBytes", p.sizeBytes())
          .put("format", p.format());
    }
    return body;
  }

  private List<LocalPart> localParts() throws IOException {
    boolean pieces = kernel != null || initrd != null || rootfs != null;
    if (pieces == (disk != null)) {
      throw new ParameterException(
          spec.commandLine(), "give --kernel and --initrd (and maybe --rootfs), or --disk");
    }
    if (pieces && (kernel == null || initrd == null)) {
      throw new ParameterException(spec.commandLine(), "--kernel and --initrd go together");
    }
    List<LocalPart> parts = new ArrayList<>();
    if (disk != null) {
      parts.add(part("disk", disk));
    } else {
      parts.add(part("kernel", kernel));
      parts.add(part("initrd", initrd));
      if (rootfs != null) {
        parts.add(part("rootfs", rootfs));
      }
    }
    return parts;
  }

  private LocalPart part(String partName, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "--" + partName + ": no file " + file);
    }
    if (Files.size(file) == 0) {
      throw new ParameterException(spec.commandLine(), "--" + partName + ": " + file + " is empty");
    }
    try {
      return LocalPart.of(partName, file, null);
    } catch (IllegalArgumentException | NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--" + partName + ": " + e.getMessage());
    }
  }
}
