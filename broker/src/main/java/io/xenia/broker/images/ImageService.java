package io.xenia.broker.images;

import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.accounts.AccountEntity;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.hosts.HostProof;
import io.xenia.broker.hosts.HostRegistry;
import io.xenia.broker.idempotency.Idempotency;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.Outcome;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.hibernate.LockMode;
import org.hibernate.reactive.stage.Stage;

/**
 * Images: registration (with the owner's quota checked under a lock on the account), chunked
 * uploads, URL fetches, reads, deletion, and who may read a blob. The bytes go through {@link
 * BlobStore}; the rows say who owns which digest and which parts are verified. A blob is committed
 * and its part marked verified under the digest's lock, and a deletion removes the unreferenced
 * blob under the same lock, so a blob that a verified part names is always on disk.
 *
 * <p>Upload and blob methods block (they do file IO): controllers call them on blocking threads.
 */
@jakarta.inject.Singleton
public class ImageService {
  private final Database database;
  private final Idempotency idempotency;
  private final HostRegistry hosts;
  private final ImagesConfig config;
  private final BlobStore store;
  private final Clock clock;
  private static final int MAX_REDIRECTS = 5;
  private final HttpClient http;
  private final FetchTargets fetchTargets;
  private final ExecutorService fetchers;

  /**
   * Striped locks serialising the completion of one part (never removed, so never two per part).
   */
  private final Object[] assemblyLocks = new Object[64];

  {
    for (int i = 0; i < assemblyLocks.length; i++) {
      assemblyLocks[i] = new Object();
    }
  }

  ImageService(
      Database database,
      Idempotency idempotency,
      HostRegistry hosts,
      ImagesConfig config,
      Clock clock) {
    this.database = database;
    this.idempotency = idempotency;
    this.hosts = hosts;
    this.config = config;
    this.clock = clock;
    try {
      this.store = BlobStore.open(Path.of(config.dir()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the image store in " + config.dir(), e);
    }
    this.fetchTargets = new FetchTargets(config.allowPrivateUrls());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            // Redirects are followed by download(), which checks every hop's target.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.fetchers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "image-fetch");
              t.setDaemon(true);
              return t;
            });
  }

  @PreDestroy
  void stop() {
    fetchers.shutdownNow();
  }

  // ---- registration, reads, deletion ----

  public CompletableFuture<Outcome<ImageView>> register(
      Caller caller, RegisterImageRequest request, Optional<IdempotencyKey> key) {
    caller.require(Scope.IMAGES_WRITE);
    ImageKind kind = request.kindOrThrow();
    List<DeclaredPart> parts = request.partsOrThrow(config.maxPartBytes());
    long total = parts.stream().mapToLong(DeclaredPart::sizeBytes).sum();
    boolean byUrl = parts.get(0).url().isPresent();
    return database
        .inTransaction(
            session ->
                idempotency.once(
                    session,
                    key,
                    caller.accountId(),
                    "register-image " + request,
                    201,
                    ImageView.class,
                    () ->
                        create(session, caller, request.name().strip(), kind, parts, total, byUrl)))
        .thenApply(
            outcome -> {
              ImageView view = outcome.value();
              if (byUrl && view.status().equals(ImageStatus.FETCHING.wireName())) {
                fetchers.execute(() -> fetchAll(view.id()));
              }
              return outcome;
            });
  }

  private CompletionStage<ImageView> create(
      Stage.Session session,
      Caller caller,
      String name,
      ImageKind kind,
      List<DeclaredPart> parts,
      long total,
      boolean byUrl) {
    UUID owner = caller.accountId();
    // The account's row lock serialises registrations of one account: the quota holds under races.
    return session
        .find(AccountEntity.class, owner, LockMode.PESSIMISTIC_WRITE)
        .thenCompose(
            locked ->
                session
                    .createSelectionQuery(
                        "select count(*), coalesce(sum(totalBytes), 0) from ImageEntity"
                            + " where accountId = :owner",
                        Object[].class)
                    .setParameter("owner", owner)
                    .getSingleResult())
        .thenCompose(
            usage -> {
              long count = ((Number) usage[0]).longValue();
              long bytes = ((Number) usage[1]).longValue();
              if (count + 1 > config.maxImagesPerAccount()) {
                throw quota(
                    "the account holds " + count + " images, the most it may hold", count, bytes);
              }
              if (bytes + total > config.maxBytesPerAccount()) {
                throw quota(
                    "the account's images hold "
                        + bytes
                        + " bytes; this one's "
                        + total
                        + " would pass the limit of "
                        + config.maxBytesPerAccount(),
                    count,
                    bytes);
              }
              var image =
                  new ImageEntity(
                      Ids.newId(),
                      owner,
                      name,
                      kind,
                      byUrl ? ImageStatus.FETCHING : ImageStatus.UPLOADING,
                      total,
                      config.chunkSize(),
                      clock.instant());
              List<ImagePartEntity> rows = new ArrayList<>();
              for (DeclaredPart p : parts) {
                rows.add(new ImagePartEntity(Ids.newId(), image.id, p));
              }
              return session
                  .persist(image)
                  .thenCompose(v -> session.persist(rows.toArray()))
                  .thenCompose(v -> session.flush())
                  .thenApply(v -> view(image, rows));
            });
  }

  private XeniaException quota(String detail, long count, long bytes) {
    return new XeniaException(ProblemType.IMAGE_QUOTA_EXCEEDED, detail)
        .with("images", count)
        .with("bytes", bytes)
        .with("maxImages", config.maxImagesPerAccount())
        .with("maxBytes", config.maxBytesPerAccount());
  }

  public CompletableFuture<ImageView> get(Caller caller, UUID id) {
    caller.require(Scope.IMAGES_READ);
    return database.read(
        session ->
            load(session, id)
                .thenApply(
                    loaded -> {
                      caller.requireAccessTo(loaded.image().accountId, "image " + id);
                      return view(loaded.image(), loaded.parts());
                    }));
  }

  /**
   * The caller's image for a session to boot: like {@link #get} without the images scope (leasing
   * needs sessions:write), and only when it is {@code available} ({@code image-not-available}
   * otherwise); another account's image is {@code not-found} (an administrator's key may boot any).
   */
  public CompletableFuture<ImageView> availableForSession(Caller caller, UUID id) {
    return database.read(
        session ->
            load(session, id)
                .thenApply(
                    loaded -> {
                      caller.requireAccessTo(loaded.image().accountId, "image " + id);
                      ImageView view = view(loaded.image(), loaded.parts());
                      if (loaded.image().status() != ImageStatus.AVAILABLE) {
                        throw new XeniaException(
                                ProblemType.IMAGE_NOT_AVAILABLE,
                                "image "
                                    + id
                                    + " is "
                                    + view.status()
                                    + ", not available: a session boots only a verified image")
                            .with("status", view.status());
                      }
                      return view;
                    }));
  }

  public CompletableFuture<Page<ImageView>> list(Caller caller, PageRequest page) {
    caller.require(Scope.IMAGES_READ);
    boolean all = caller.kind().isStaff();
    String hql =
        "from ImageEntity where id > :after"
            + (all ? "" : " and accountId = :owner")
            + " order by id";
    return database.read(
        session -> {
          var query =
              session
                  .createSelectionQuery(hql, ImageEntity.class)
                  .setParameter("after", page.after().orElse(new UUID(0, 0)))
                  .setMaxResults(page.fetchSize());
          if (!all) {
            query.setParameter("owner", caller.accountId());
          }
          return query
              .getResultList()
              .thenCompose(
                  images -> {
                    if (images.isEmpty()) {
                      return CompletableFuture.completedFuture(
                          new Page<ImageView>(List.of(), null));
                    }
                    return session
                        .createSelectionQuery(
                            "from ImagePartEntity where imageId in :ids order by name",
                            ImagePartEntity.class)
                        .setParameter("ids", images.stream().map(i -> i.id).toList())
                        .getResultList()
                        .thenApply(
                            parts ->
                                Pages.of(
                                    images.stream()
                                        .map(
                                            i ->
                                                view(
                                                    i,
                                                    parts.stream()
                                                        .filter(p -> p.imageId.equals(i.id))
                                                        .toList()))
                                        .toList(),
                                    page,
                                    ImageView::id));
                  });
        });
  }

  /** Deletes an image and every blob no other verified part references. Blocks. */
  public void delete(Caller caller, UUID id) {
    caller.require(Scope.IMAGES_WRITE);
    List<String> digests =
        await(
            database.inTransaction(
                session ->
                    load(session, id)
                        .thenCompose(
                            loaded -> {
                              caller.requireAccessTo(loaded.image().accountId, "image " + id);
                              List<String> shas =
                                  loaded.parts().stream().map(p -> p.sha256).distinct().toList();
                              return session
                                  .createMutationQuery(
                                      "delete from ImagePartEntity where imageId = :id")
                                  .setParameter("id", id)
                                  .executeUpdate()
                                  .thenCompose(n -> session.remove(loaded.image()))
                                  .thenApply(v -> shas);
                            })));
    store.discardUploads(id);
    for (String sha : digests) {
      Semaphore lock = acquire(sha);
      try {
        collectIfUnreferenced(sha);
      } finally {
        lock.release();
      }
    }
  }

  /**
   * Deletes images still {@code uploading} that were registered before {@code registeredBefore}
   * (abandoned uploads: their staged chunks and the quota they hold), at most {@code limit} per
   * call, oldest first; an image that completed meanwhile is kept. Blocks.
   *
   * @return the ids deleted
   */
  public List<UUID> expireUploads(java.time.Instant registeredBefore, int limit) {
    List<UUID> candidates =
        await(
            database.read(
                session ->
                    session
                        .createSelectionQuery(
                            "select id from ImageEntity where status = 'uploading'"
                                + " and createdAt < :before order by createdAt",
                            UUID.class)
                        .setParameter("before", registeredBefore)
                        .setMaxResults(limit)
                        .getResultList()));
    List<UUID> deleted = new ArrayList<>();
    for (UUID id : candidates) {
      List<String> digests =
          await(
              database.inTransaction(
                  session ->
                      session
                          .find(ImageEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                          .thenCompose(
                              image -> {
                                if (image == null
                                    || image.status() != ImageStatus.UPLOADING
                                    || !image.createdAt.isBefore(registeredBefore)) {
                                  return CompletableFuture.completedFuture((List<String>) null);
                                }
                                return session
                                    .createSelectionQuery(
                                        "select distinct sha256 from ImagePartEntity"
                                            + " where imageId = :id",
                                        String.class)
                                    .setParameter("id", id)
                                    .getResultList()
                                    .thenCompose(
                                        shas ->
                                            session
                                                .createMutationQuery(
                                                    "delete from ImagePartEntity"
                                                        + " where imageId = :id")
                                                .setParameter("id", id)
                                                .executeUpdate()
                                                .thenCompose(n -> session.remove(image))
                                                .thenApply(v -> shas));
                              })));
      if (digests == null) {
        continue;
      }
      store.discardUploads(id);
      for (String sha : digests) {
        Semaphore lock = acquire(sha);
        try {
          collectIfUnreferenced(sha);
        } finally {
          lock.release();
        }
      }
      deleted.add(id);
    }
    return deleted;
  }

  // ---- uploads ----

  /** Which chunks of a part are present. Blocks. */
  public UploadStatusView uploadStatus(Caller caller, UUID id, String partName) {
    caller.require(Scope.IMAGES_READ);
    Loaded loaded = await(database.read(session -> load(session, id)));
    caller.requireAccessTo(loaded.image().accountId, "image " + id);
    return status(loaded, part(loaded, id, partName));
  }

  /**
   * Stores one verified chunk; the chunk that completes a part triggers its verification. Blocks.
   */
  public UploadStatusView putChunk(
      Caller caller, UUID id, String partName, int index, String contentDigest, byte[] bytes) {
    caller.require(Scope.IMAGES_WRITE);
    Loaded loaded = await(database.read(session -> load(session, id)));
    caller.requireAccessTo(loaded.image().accountId, "image " + id);
    ImagePartEntity row = part(loaded, id, partName);
    if (loaded.image().status() != ImageStatus.UPLOADING) {
      if (row.verifiedAt != null) {
        return status(loaded, row); // a retried last chunk: already done
      }
      throw new XeniaException(
              ProblemType.IMAGE_NOT_UPLOADING,
              "image " + id + " is " + loaded.image().status + ": it takes no chunks")
          .with("status", loaded.image().status);
    }
    if (row.verifiedAt != null) {
      return status(loaded, row);
    }
    DeclaredPart part = row.toPart();
    ChunkPlan plan = part.plan(loaded.image().chunkSize);
    if (index < 0 || index >= plan.count()) {
      throw new XeniaException(
              ProblemType.IMAGE_CHUNK_INVALID,
              "chunk " + index + " is outside 0.." + (plan.count() - 1) + " of " + partName)
          .with("chunkCount", plan.count());
    }
    if (bytes.length != plan.length(index)) {
      throw new XeniaException(
              ProblemType.IMAGE_CHUNK_INVALID,
              "chunk "
                  + index
                  + " of "
                  + partName
                  + " must have "
                  + plan.length(index)
                  + " bytes, not "
                  + bytes.length)
          .with("expectedBytes", plan.length(index));
    }
    String declared = ContentDigest.sha256Hex(contentDigest);
    String actual = Digests.sha256Hex(bytes, 0, bytes.length);
    if (!declared.equals(actual)) {
      throw new XeniaException(
              ProblemType.IMAGE_CHUNK_DIGEST_MISMATCH,
              "chunk " + index + " of " + partName + " has sha256 " + actual + ", not " + declared)
          .with("chunk", index);
    }
    store.putChunk(id, part.name(), index, bytes);
    if (store.chunksPresent(id, part.name()).size() == plan.count()) {
      completePart(id, part, loaded.image().chunkSize);
    }
    Loaded after = await(database.read(session -> load(session, id)));
    return status(after, part(after, id, partName));
  }

  /** Verifies and commits a part whose chunks are all present (once, under its lock). */
  private void completePart(UUID id, DeclaredPart part, int chunkSize) {
    String key = id + "/" + part.name().wireName();
    Object partLock = assemblyLocks[Math.floorMod(key.hashCode(), assemblyLocks.length)];
    synchronized (partLock) {
      if (store.chunksPresent(id, part.name()).size() != part.plan(chunkSize).count()) {
        return; // another request completed (or discarded) it meanwhile
      }
      BlobStore.Staged staged = store.assemble(id, part, chunkSize);
      install(id, part, staged);
      store.discardPart(id, part.name());
    }
  }

  /** Commits a verified file and marks its part verified, under the digest's lock. */
  private void install(UUID id, DeclaredPart part, BlobStore.Staged staged) {
    Semaphore lock = acquire(part.sha256());
    try {
      store.commit(staged);
      boolean marked = await(markVerified(id, part.name()));
      if (!marked) {
        collectIfUnreferenced(part.sha256()); // the image was deleted meanwhile
      }
    } catch (RuntimeException e) {
      store.discard(staged);
      collectIfUnreferenced(part.sha256());
      throw e;
    } finally {
      lock.release();
    }
  }

  /** Marks a part verified and, when it was the last, the image available; false if it is gone. */
  private CompletableFuture<Boolean> markVerified(UUID id, PartName name) {
    var now = clock.instant();
    return database.inTransaction(
        session ->
            session
                .find(ImageEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    image -> {
                      if (image == null) {
                        return CompletableFuture.completedFuture(false);
                      }
                      return parts(session, id)
                          .thenApply(
                              parts -> {
                                for (ImagePartEntity p : parts) {
                                  if (p.name.equals(name.wireName()) && p.verifiedAt == null) {
                                    p.verifiedAt = now;
                                  }
                                }
                                boolean all = parts.stream().allMatch(p -> p.verifiedAt != null);
                                if (all && image.status() != ImageStatus.FAILED) {
                                  image.status = ImageStatus.AVAILABLE.wireName();
                                  image.availableAt = now;
                                }
                                return true;
                              });
                    }));
  }

  /** How many verified parts, of any image, have these bytes. */
  private long verifiedParts(String sha256) {
    return await(
        database.read(
            session ->
                session
                    .createSelectionQuery(
                        "select count(*) from ImagePartEntity"
                            + " where sha256 = :sha and verifiedAt is not null",
                        Long.class)
                    .setParameter("sha", sha256)
                    .getSingleResult()));
  }

  /** Deletes the blob unless a verified part references it. Call holding its digest lock. */
  private void collectIfUnreferenced(String sha256) {
    if (verifiedParts(sha256) == 0) {
      store.deleteBlob(sha256);
    }
  }

  private Semaphore acquire(String sha256) {
    Semaphore lock = store.lockFor(sha256);
    lock.acquireUninterruptibly();
    return lock;
  }

  // ---- URL registration ----

  /** Restarts the fetches of images a stopped broker left {@code fetching}. */
  void resumeFetches(List<UUID> ids) {
    for (UUID id : ids) {
      fetchers.execute(() -> fetchAll(id));
    }
  }

  private void fetchAll(UUID id) {
    try {
      Loaded loaded = await(database.read(session -> load(session, id)));
      for (ImagePartEntity row : loaded.parts()) {
        if (row.verifiedAt != null) {
          continue;
        }
        DeclaredPart part = row.toPart();
        BlobStore.Staged staged = download(part, loaded.image().chunkSize);
        install(id, part, staged);
      }
    } catch (FetchStopped e) {
      // The broker is stopping: the image stays fetching and the next start resumes it.
    } catch (RuntimeException e) {
      Throwable cause = Failures.unwrap(e);
      String reason =
          cause instanceof XeniaException x
              ? x.type().slug() + ": " + x.getMessage()
              : cause instanceof IllegalStateException ? cause.getMessage() : cause.toString();
      fail(id, reason);
    }
  }

  private BlobStore.Staged download(DeclaredPart part, int chunkSize) {
    var url = part.url().orElseThrow();
    try {
      HttpResponse<InputStream> response = null;
      for (int hop = 0; response == null; hop++) {
        fetchTargets.check(url);
        HttpResponse<InputStream> answer =
            http.send(
                HttpRequest.newBuilder(url).timeout(config.fetchTimeout()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Optional<String> location = answer.headers().firstValue("Location");
        if (answer.statusCode() / 100 == 3 && location.isPresent() && hop < MAX_REDIRECTS) {
          answer.body().close();
          url = url.resolve(location.get());
          if (!url.getScheme().equalsIgnoreCase("http")
              && !url.getScheme().equalsIgnoreCase("https")) {
            throw new IllegalStateException("fetch-refused: a redirect to " + url);
          }
        } else {
          response = answer;
        }
      }
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              "fetch-failed: " + url + " answered HTTP " + response.statusCode());
        }
        return store.ingest(body, part, chunkSize);
      }
    } catch (IOException e) {
      if (fetchers.isShutdown()) {
        throw new FetchStopped();
      }
      throw new IllegalStateException("fetch-failed: " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchStopped();
    }
  }

  /** A fetch cut short by the broker's stop, not by the URL: not a failure of the image. */
  private static final class FetchStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchStopped() {
      super("the broker is stopping", null, false, false);
    }
  }

  private void fail(UUID id, String reason) {
    if (fetchers.isShutdown()) {
      return; // stopping: the next start resumes the fetch
    }
    String why = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    database
        .inTransaction(
            session ->
                session
                    .find(ImageEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                    .thenAccept(
                        image -> {
                          if (image != null && image.status() == ImageStatus.FETCHING) {
                            image.status = ImageStatus.FAILED.wireName();
                            image.failure = why;
                          }
                        }))
        .exceptionally(
            t -> {
              System.err.println("broker: cannot mark image " + id + " failed: " + t);
              return null;
            });
  }

  // ---- blobs ----

  /** A blob a customer may read: a verified part of one of its images (staff: any). Blocks. */
  public Path blobForCustomer(Caller caller, String sha256) {
    caller.require(Scope.IMAGES_READ);
    requireDigest(sha256);
    boolean staff = caller.kind().isStaff();
    long refs =
        await(
            database.read(
                session -> {
                  var q =
                      session
                          .createSelectionQuery(
                              "select count(*) from ImagePartEntity p, ImageEntity i"
                                  + " where p.imageId = i.id and p.sha256 = :sha"
                                  + " and p.verifiedAt is not null"
                                  + (staff ? "" : " and i.accountId = :owner"),
                              Long.class)
                          .setParameter("sha", sha256);
                  if (!staff) {
                    q.setParameter("owner", caller.accountId());
                  }
                  return q.getSingleResult();
                }));
    if (refs == 0) {
      throw XeniaException.notFound("blob sha256:" + sha256);
    }
    return onDisk(sha256);
  }

  /** A blob an enrolled host asks for with a signed request. Blocks. */
  public Path blobForHost(UUID hostId, String sha256, long signedAtEpochMs, String signature) {
    requireDigest(sha256);
    await(
        hosts.verifySigned(
            hostId,
            HostProof.blobFetch(hostId, sha256, signedAtEpochMs),
            signature,
            signedAtEpochMs));
    if (verifiedParts(sha256) == 0) {
      throw XeniaException.notFound("blob sha256:" + sha256);
    }
    return onDisk(sha256);
  }

  /** The chunk manifest of a blob the caller may read. */
  public ChunkManifest manifest(String sha256) {
    return store
        .manifest(sha256)
        .orElseThrow(() -> XeniaException.notFound("blob sha256:" + sha256));
  }

  private Path onDisk(String sha256) {
    return store.blob(sha256).orElseThrow(() -> XeniaException.notFound("blob sha256:" + sha256));
  }

  private static void requireDigest(String sha256) {
    if (!Digests.isSha256(sha256)) {
      throw new XeniaException(
          ProblemType.MALFORMED_REQUEST, "the blob's digest must be 64 lowercase hex digits");
    }
  }

  // ---- helpers ----

  private record Loaded(ImageEntity image, List<ImagePartEntity> parts) {}

  private CompletionStage<Loaded> load(Stage.Session session, UUID id) {
    return session
        .find(ImageEntity.class, id)
        .thenCompose(
            image -> {
              if (image == null) {
                throw XeniaException.notFound("image " + id);
              }
              return parts(session, id).thenApply(parts -> new Loaded(image, parts));
            });
  }

  private static CompletionStage<List<ImagePartEntity>> parts(Stage.Session session, UUID id) {
    return session
        .createSelectionQuery(
            "from ImagePartEntity where imageId = :id order by name", ImagePartEntity.class)
        .setParameter("id", id)
        .getResultList();
  }

  private static ImagePartEntity part(Loaded loaded, UUID id, String partName) {
    return loaded.parts().stream()
        .filter(p -> p.name.equals(partName))
        .findFirst()
        .orElseThrow(() -> XeniaException.notFound("part " + partName + " of image " + id));
  }

  private UploadStatusView status(Loaded loaded, ImagePartEntity row) {
    int chunkSize = loaded.image().chunkSize;
    int count = row.toPart().plan(chunkSize).count();
    List<Integer> present;
    if (row.verifiedAt != null) {
      present = IntStream.range(0, count).boxed().toList();
    } else {
      SortedSet<Integer> have = store.chunksPresent(loaded.image().id, row.toPart().name());
      present = List.copyOf(have);
    }
    List<Integer> missing =
        IntStream.range(0, count).filter(i -> !present.contains(i)).boxed().toList();
    return new UploadStatusView(
        loaded.image().id,
        row.name,
        loaded.image().status,
        row.verifiedAt != null,
        chunkSize,
        count,
        present,
        missing);
  }

  private ImageView view(ImageEntity image, List<ImagePartEntity> rows) {
    List<ImageView.PartView> parts = new ArrayList<>();
    for (ImagePartEntity p : rows) {
      int count = p.toPart().plan(image.chunkSize).count();
      int present =
          p.verifiedAt != null ? count : store.chunksPresent(image.id, p.toPart().name()).size();
      parts.add(
          new ImageView.PartView(
              p.name,
              p.sha256,
              p.sizeBytes,
              p.format,
              p.sourceUrl,
              p.verifiedAt != null,
              count,
              present));
    }
    return ImageView.of(image, parts);
  }

  /** Waits for a database step, rethrowing its problem as it was thrown. */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable c = Failures.unwrap(e);
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
