package io.xenia.hostdaemon.advertise;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtNode;
import io.xenia.dht.index.SearchIndex;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps one host-signed {@link Advertisement} in search-dht for every ready machine, and none for
 * any other.
 *
 * <p>Store changes arrive on the store's writer threads; the listener only marks the machine dirty
 * and schedules one flush {@link #COALESCE} later on the advertiser's own thread, so a burst of
 * writes costs one publication per machine, well within a second. Every ad is re-published with a
 * new sequence number at half its TTL, so it never expires while the machine is ready. A machine
 * that leaves ready (claimed, failed, ...) is withdrawn; {@link #close()} withdraws every ad.
 * Failed publications are retried {@link #RETRY} later. Machines that may have a live ad are marked
 * on disk ({@link LiveMarks}), so a restart after kill -9 withdraws what is stale.
 */
public final class Advertiser implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Advertiser.class.getName());
  static final Duration COALESCE = Duration.ofMillis(25);
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final long PUBLISH_TIMEOUT_SECONDS = 10;

  private final MachineStore store;
  private final DhtNode node;
  private final Ed25519KeyPair hostKey;
  private final AdvertisementFactory ads;
  private final SequenceNumbers sequences;
  private final LiveMarks marks;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Map<Currency, SearchIndex> indexes = new ConcurrentHashMap<>();
  // machine → the currency its live ad is filed under; touched only on the advertiser's thread
  // (and by close() after that thread stopped)
  private final Map<String, Currency> published = new ConcurrentHashMap<>();
  private volatile Inventory inventory;
  private volatile boolean closed;

  private Advertiser(
      MachineStore store,
      Inventory inventory,
      DhtNode node,
      Ed25519KeyPair hostKey,
      String ownerAccountId,
      Duration ttl,
      Path sequenceDir,
      Clock clock) {
    this.store = store;
    this.inventory = inventory;
    this.node = node;
    this.hostKey = hostKey;
    this.ads = new AdvertisementFactory(hostKey.publicKey().fingerprint(), ownerAccountId, ttl);
    this.sequences = new SequenceNumbers(sequenceDir, clock);
    this.marks = new LiveMarks(sequenceDir);
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "advertiser");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts advertising: every ready machine now, then on every change and every {@code ttl / 2}.
   *
   * @param ttl each ad's lifetime in the index (whole seconds, at least 2)
   * @param sequenceDir where the per-machine sequence counters live
   */
  public static Advertiser start(
      MachineStore store,
      Inventory inventory,
      DhtNode node,
      Ed25519KeyPair hostKey,
      String ownerAccountId,
      Duration ttl,
      Path sequenceDir,
      Clock clock) {
    requireNonNull(store, "store is null");
    requireNonNull(node, "node is null");
    if (ttl.toSeconds() < 2 || ttl.toSeconds() > Advertisement.MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "the advertisement TTL must be 2.." + Advertisement.MAX_TTL_SECONDS + " s, not " + ttl);
    }
    Advertiser a =
        new Advertiser(store, inventory, node, hostKey, ownerAccountId, ttl, sequenceDir, clock);
    // Ads a killed predecessor left out: known as live, so the first pass withdraws those whose
    // machine is no longer ready (or no longer in the inventory) and re-files the rest.
    Currency fallback =
        inventory.machines().isEmpty()
            ? Currency.getInstance("EUR")
            : inventory.machines().get(0).prices().currency();
    for (String id : a.marks.marked()) {
      a.published.put(id, inventory.machine(id).map(m -> m.prices().currency()).orElse(fallback));
      a.changed(id);
    }
    store.addListener((before, after) -> a.changed(after.machineId()));
    long refreshMillis = ttl.toMillis() / 2;
    a.thread.scheduleWithFixedDelay(
        a::refreshAll, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    a.refreshAll();
    return a;
  }

  /**
   * The inventory changed (prices, locations, facts, machines added or removed): every machine's ad
   * is filed anew, and a machine no longer in it is withdrawn.
   */
  public void inventoryChanged(Inventory changed) {
    this.inventory = requireNonNull(changed, "changed is null");
    for (String id : published.keySet()) {
      if (changed.machine(id).isEmpty()) {
        changed(id);
      }
    }
    refreshAll();
  }

  /** The machines whose ads are live now, for status and tests. */
  public Set<String> advertised() {
    return Set.copyOf(published.keySet());
  }

  private void changed(String machineId) {
    if (closed) {
      return;
    }
    dirty.add(machineId);
    if (flushScheduled.compareAndSet(false, true)) {
      thread.schedule(this::flush, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void refreshAll() {
    for (InventoryMachine m : inventory.machines()) {
      changed(m.id());
    }
  }

  private void flush() {
    flushScheduled.set(false);
    List<String> batch = new ArrayList<>(dirty);
    dirty.removeAll(batch);
    boolean failed = false;
    for (String machineId : batch) {
      if (closed) {
        return;
      }
      try {
        bring(machineId);
      } catch (Exception e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "advertising machine " + machineId + " failed, retrying in " + RETRY + ": " + e);
        dirty.add(machineId);
        failed = true;
      }
    }
    if (failed && flushScheduled.compareAndSet(false, true)) {
      thread.schedule(this::flush, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Publishes a fresh ad for a ready machine, withdraws the ad of any other. */
  private void bring(String machineId) throws Exception {
    Optional<MachineRecord> record = store.get(machineId);
    Optional<InventoryMachine> machine = inventory.machine(machineId);
    boolean ready =
        record.isPresent() && record.get().state() == MachineState.READY && machine.isPresent();
    Currency old = published.get(machineId);
    if (!ready) {
      if (old != null) {
        index(old).withdraw(machineId, hostKey).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        published.remove(machineId);
        marks.unmark(machineId);
      }
      return;
    }
    Currency currency = machine.get().prices().currency();
    if (old != null && !old.equals(currency)) { // its buckets are keyed by the old currency
      index(old).withdraw(machineId, hostKey).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      published.remove(machineId);
    }
    Advertisement ad = ads.ready(machine.get(), sequences.next(machineId), clock.instant());
    marks.mark(machineId); // before it can be live: a crash after this withdraws it at start
    index(currency)
        .publish(SignedEnvelope.sign(Advertisement.TYPE, ad, hostKey), hostKey)
        .get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    published.put(machineId, currency);
  }

  private SearchIndex index(Currency currency) {
    return indexes.computeIfAbsent(currency, c -> SearchIndex.create(node, c, clock));
  }

  /**
   * Stops without withdrawing, as a killed daemon would (for tests of the restart); the live marks
   * stay.
   */
  void abandon() {
    closed = true;
    thread.shutdownNow();
  }

  /** Stops advertising and withdraws every live ad (waiting up to 10 s in all). */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CompletableFuture<?>> withdrawals = new ArrayList<>();
    published.forEach((id, currency) -> withdrawals.add(index(currency).withdraw(id, hostKey)));
    try {
      CompletableFuture.allOf(withdrawals.toArray(CompletableFuture[]::new))
          .get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      published.keySet().forEach(marks::unmark);
      published.clear();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "withdrawing advertisements on stop failed: " + e);
    }
  }
}
