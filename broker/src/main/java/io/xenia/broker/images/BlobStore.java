package io.xenia.broker.images;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The image bytes on disk, content-addressed:
 *
 * <pre>
 * &lt;root&gt;/blobs/sha256/&lt;hex&gt;          a verified file whose SHA-256 is &lt;hex&gt;, and nothing else
 * &lt;root&gt;/manifests/sha256/&lt;hex&gt;      its chunk digests ({@link ChunkManifest})
 * &lt;root&gt;/uploads/&lt;image&gt;/&lt;part&gt;/&lt;n&gt;  uploaded chunk n of a part not yet verified
 * &lt;root&gt;/tmp/                         files being written (emptied at open)
 * </pre>
 *
 * Every file appears by an atomic rename of a complete, fsynced temporary file, so a crash leaves
 * either the whole file or none (never a partial blob, chunk or manifest). A part becomes a blob
 * only after its size, SHA-256 and format checked out. Blocking IO: call from a blocking thread.
 */
public final class BlobStore {
  private final Path blobs;
  private final Path manifests;
  private final Path uploads;
  private final Path tmp;
  private final ConcurrentHashMap<String, Semaphore> digestLocks = new ConcurrentHashMap<>();

  private BlobStore(Path root) {
    this.blobs = root.resolve("blobs").resolve("sha256");
    this.manifests = root.resolve("manifests").resolve("sha256");
    this.uploads = root.resolve("uploads");
    this.tmp = root.resolve("tmp");
  }

  /** Opens (creating) the store under {@code root}, deleting unfinished temporary files. */
  public static BlobStore open(Path root) throws IOException {
    requireNonNull(root, "root is null");
    BlobStore store = new BlobStore(root);
    Files.createDirectories(store.blobs);
    Files.createDirectories(store.manifests);
    Files.createDirectories(store.uploads);
    Files.createDirectories(store.tmp);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.tmp)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
    return store;
  }

  /** A verified file waiting in tmp/ to be committed under its digest. */
  public record Staged(Path file, ChunkManifest manifest) {}

  /**
   * Serialises everything that adds or removes the blob {@code sha256} together with the database
   * rows that reference it (commit and mark verified; delete rows and then the unreferenced blob).
   * Not owner-bound, so an async continuation may release it.
   */
  public Semaphore lockFor(String sha256) {
    return digestLocks.computeIfAbsent(sha256, k -> new Semaphore(1));
  }

  /** Stores chunk {@code index} of a part; the caller checked its length and digest. */
  public void putChunk(UUID image, PartName part, int index, byte[] bytes) {
    Path dir = uploads.resolve(image.toString()).resolve(part.wireName());
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve(Integer.toString(index)), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The indexes of the chunks of a part uploaded so far. */
  public SortedSet<Integer> chunksPresent(UUID image, PartName part) {
    Path dir = uploads.resolve(image.toString()).resolve(part.wireName());
    SortedSet<Integer> present = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        present.add(Integer.parseInt(p.getFileName().toString()));
      }
    } catch (NoSuchFileException e) {
      return present;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return present;
  }

  /**
   * Joins the uploaded chunks of a complete part and verifies the result; on any mismatch the
   * part's chunks are discarded (the upload starts over) and the problem is thrown.
   */
  public Staged assemble(UUID image, DeclaredPart part, int chunkSize) {
    Path dir = uploads.resolve(image.toString()).resolve(part.name().wireName());
    int count = part.plan(chunkSize).count();
    List<InputStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        streams.add(Files.newInputStream(dir.resolve(Integer.toString(i))));
      }
      Enumeration<InputStream> e = Collections.enumeration(streams);
      try (InputStream joined = new SequenceInputStream(e)) {
        return ingest(joined, part, chunkSize);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XeniaException e) {
      discardPart(image, part.name());
      throw e;
    } finally {
      for (InputStream s : streams) {
        try {
          s.close();
        } catch (IOException ignored) {
          // read-only
        }
      }
    }
  }

  /**
   * Streams {@code in} into a temporary file, verifying size (never reading more than declared + 1
   * byte), SHA-256 and format; computes the chunk manifest on the way.
   *
   * @throws XeniaException image-size-mismatch, image-digest-mismatch or image-format-mismatch
   * @throws IOException if reading {@code in} or writing the file fails
   */
  public Staged ingest(InputStream in, DeclaredPart part, int chunkSize) throws IOException {
    ChunkPlan plan = part.plan(chunkSize);
    Path file = Files.createTempFile(tmp, part.sha256(), ".part");
    boolean ok = false;
    try {
      MessageDigest whole = Digests.sha256();
      MessageDigest chunk = Digests.sha256();
      List<String> chunkDigests = new ArrayList<>();
      byte[] header = new byte[ImageFormat.HEADER_BYTES];
      int headerLength = 0;
      long size = 0;
      long inChunk = 0;
      byte[] buf = new byte[1 << 16];
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (size + n > part.sizeBytes()) {
            throw sizeMismatch(part, "more than");
          }
          if (headerLength < header.length) {
            int take = Math.min(n, header.length - headerLength);
            System.arraycopy(buf, 0, header, headerLength, take);
            headerLength += take;
          }
          whole.update(buf, 0, n);
          int at = 0;
          while (at < n) {
            int take = (int) Math.min(n - at, chunkSize - inChunk);
            chunk.update(buf, at, take);
            at += take;
            inChunk += take;
            if (inChunk == chunkSize) {
              chunkDigests.add(Digests.hex(chunk.digest()));
              inChunk = 0;
            }
          }
          size += n;
          ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
          while (b.hasRemaining()) {
            out.write(b);
          }
        }
        out.force(true);
      }
      if (inChunk > 0) {
        chunkDigests.add(Digests.hex(chunk.digest()));
      }
      if (size != part.sizeBytes()) {
        throw sizeMismatch(part, "only " + size + " bytes, not");
      }
      String actual = Digests.hex(whole.digest());
      if (!actual.equals(part.sha256())) {
        throw new XeniaException(
                ProblemType.IMAGE_DIGEST_MISMATCH,
                part.name().wireName()
                    + " has sha256 "
                    + actual
                    + ", not the declared "
                    + part.sha256())
            .with("part", part.name().wireName())
            .with("declared", part.sha256())
            .with("actual", actual);
      }
      if (!part.format().matches(Arrays.copyOf(header, headerLength))) {
        throw new XeniaException(
                ProblemType.IMAGE_FORMAT_MISMATCH,
                part.name().wireName()
                    + " is not a "
                    + part.format().wireName()
                    + " file (its signature is missing)")
            .with("part", part.name().wireName())
            .with("format", part.format().wireName());
      }
      ok = true;
      return new Staged(
          file, new ChunkManifest(part.sha256(), size, plan.chunkSize(), chunkDigests));
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Puts a staged file in place as its blob (an identical blob already there is kept) and writes
   * its manifest if there is none. Call holding {@link #lockFor} of its digest.
   */
  public ChunkManifest commit(Staged staged) {
    String sha256 = staged.manifest().sha256();
    try {
      Path target = blobs.resolve(sha256);
      if (Files.exists(target)) {
        Files.deleteIfExists(staged.file());
      } else {
        Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(blobs);
      }
      Optional<ChunkManifest> existing = manifest(sha256);
      if (existing.isPresent()) {
        return existing.get();
      }
      writeAtomically(
          manifests.resolve(sha256), staged.manifest().encode().getBytes(StandardCharsets.UTF_8));
      return staged.manifest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a staged file that will not be committed. */
  public void discard(Staged staged) {
    try {
      Files.deleteIfExists(staged.file());
    } catch (IOException e) {
      // left in tmp/ for the next open
    }
  }

  public Optional<Path> blob(String sha256) {
    Path p = blobs.resolve(Digests.check(sha256));
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  public Optional<ChunkManifest> manifest(String sha256) {
    Path p = manifests.resolve(Digests.check(sha256));
    try {
      return Optional.of(ChunkManifest.decode(Files.readString(p, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a blob and its manifest. Call holding {@link #lockFor} of its digest. */
  public void deleteBlob(String sha256) {
    try {
      Files.deleteIfExists(blobs.resolve(Digests.check(sha256)));
      Files.deleteIfExists(manifests.resolve(sha256));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets the uploaded chunks of one part. */
  public void discardPart(UUID image, PartName part) {
    deleteTree(uploads.resolve(image.toString()).resolve(part.wireName()));
  }

  /** Forgets every uploaded chunk of an image. */
  public void discardUploads(UUID image) {
    deleteTree(uploads.resolve(image.toString()));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path part = Files.createTempFile(tmp, target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          out.write(b);
        }
        out.force(true);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename itself is still atomic.
    }
  }

  private static XeniaException sizeMismatch(DeclaredPart part, String what) {
    return new XeniaException(
            ProblemType.IMAGE_SIZE_MISMATCH,
            part.name().wireName()
                + " has "
                + what
                + " the declared "
                + part.sizeBytes()
                + " bytes")
        .with("part", part.name().wireName())
        .with("declaredBytes", part.sizeBytes());
  }
}
