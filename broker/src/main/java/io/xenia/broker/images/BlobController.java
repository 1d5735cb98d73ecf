package io.xenia.broker.images;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.ProblemResponse;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Image bytes by digest, for hosts (a request signed with the host's enrolled key, see {@link
 * #HOST_ID}) and for owners (their API key). Single byte ranges are served (206), so a host can
 * fetch in parallel ranges and resume after a cut.
 */
@Controller("/v1/images/blobs/sha256")
@ProblemResponse
@Tag(name = "Images")
class BlobController {
  /** The enrolled host's id; with the two headers below it replaces an API key. */
  static final String HOST_ID = "X-Xenia-Host-Id";

  /** Milliseconds since the epoch at signing; within 5 minutes of the broker's clock. */
  static final String SIGNED_AT = "X-Xenia-Signed-At";

  /** base64url Ed25519 signature of HostProof.blobFetch(hostId, sha256, signedAt). */
  static final String SIGNATURE = "X-Xenia-Host-Signature";

  /** Ranges up to this size are answered from one buffer (chunks are at most 8 MiB). */
  static final long IN_MEMORY_RANGE = 8L << 20;

  static final int IN_MEMORY_READS = 32;

  private final Semaphore inMemoryReads = new Semaphore(IN_MEMORY_READS);
  private final ImageService images;

  BlobController(ImageService images) {
    this.images = images;
  }

  @Get("/{sha256}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Operation(
      operationId = "getImageBlob",
      summary = "Fetch a verified image part by its sha256 (Range: bytes=a-b supported)")
  HttpResponse<?> blob(
      @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      String sha256,
      @Nullable @Header(HttpHeaders.RANGE) String range,
      @Nullable @Header(HOST_ID) String hostId,
      @Nullable @Header(SIGNED_AT) String signedAt,
      @Nullable @Header(SIGNATURE) String signature) {
    Path file = authorize(caller, sha256, hostId, signedAt, signature);
    long size;
    long modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<BlobRange> wanted;
    try {
      wanted = BlobRange.parse(range, size);
    } catch (BlobRange.Unsatisfiable e) {
      return HttpResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
          .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    }
    BlobRange r = wanted.orElse(new BlobRange(0, size - 1));
    MutableHttpResponse<Object> response =
        wanted.isPresent() ? HttpResponse.status(HttpStatus.PARTIAL_CONTENT) : HttpResponse.ok();
    response.header(HttpHeaders.ACCEPT_RANGES, "bytes");
    response.header(HttpHeaders.ETAG, "\"sha256:" + sha256 + "\"");
    if (wanted.isPresent()) {
      response.header(
          HttpHeaders.CONTENT_RANGE, "bytes " + r.first() + "-" + r.last() + "/" + size);
    }
    if (r.length() <= IN_MEMORY_RANGE && inMemoryReads.tryAcquire()) {
      // A chunk-sized range (what hosts ask for) is read with one call and written as one buffer:
      // streaming it through an InputStream cost the broker several times the CPU per byte. At
      // most IN_MEMORY_READS are read at once (bounding heap at reading); beyond, it streams.
      try {
        return response.contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE).body(read(file, r));
      } finally {
        inMemoryReads.release();
      }
    }
    return response.body(
        new StreamedFile(
            open(file, r), MediaType.APPLICATION_OCTET_STREAM_TYPE, modified, r.length()));
  }

  private static byte[] read(Path file, BlobRange r) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) r.length());
      while (buf.hasRemaining()) {
        if (ch.read(buf, r.first() + buf.position()) < 0) {
          throw new IOException("blob " + file + " is shorter than its range");
        }
      }
      return buf.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/{sha256}/manifest")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Operation(
      operationId = "getImageBlobManifest",
      summary = "The chunk digests of a blob, to verify each fetched range on its own")
  ManifestView manifest(
      @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      String sha256,
      @Nullable @Header(HOST_ID) String hostId,
      @Nullable @Header(SIGNED_AT) String signedAt,
      @Nullable @Header(SIGNATURE) String signature) {
    authorize(caller, sha256, hostId, signedAt, signature);
    return ManifestView.of(images.manifest(sha256));
  }

  private Path authorize(
      Caller caller, String sha256, String hostId, String signedAt, String signature) {
    if (caller != null) {
      return images.blobForCustomer(caller, sha256);
    }
    if (hostId == null || signedAt == null || signature == null) {
      throw new XeniaException(
          ProblemType.UNAUTHENTICATED,
          "send an API key, or " + HOST_ID + ", " + SIGNED_AT + " and " + SIGNATURE);
    }
    UUID host;
    long at;
    try {
      host = UUID.fromString(hostId);
      at = Long.parseLong(signedAt);
    } catch (IllegalArgumentException e) {
      throw new XeniaException(
          ProblemType.MALFORMED_REQUEST,
          HOST_ID + " must be a UUID and " + SIGNED_AT + " a number");
    }
    return images.blobForHost(host, sha256, at, signature);
  }

  private static InputStream open(Path file, BlobRange r) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(r.first());
      InputStream in = Channels.newInputStream(ch);
      return new BoundedInputStream(in, r.length());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads at most {@code remaining} bytes, then reports the end; closes the file. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
