package io.xenia.dht.internal;

import io.xenia.dht.DhtKey;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.transport.Scheduler;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kademlia's housekeeping, on the node's thread: drop expired entries, refresh idle buckets,
 * re-replicate held locations to whoever is now closest, hand entries over to a newly met node that
 * is closer to them than the current holders, and republish this node's own entries (newly signed
 * with a later expiry) before they expire.
 */
final class Maintenance {
  /** Entries per STORE when handing over or replicating, to keep each message modest. */
  private static final int STORE_BATCH = 32;

  private final NodeCore node;
  private final Map<DhtKey, Owned> owned = new HashMap<>(0);
  private final List<Scheduler.Cancellable> timers = new ArrayList<>(3);
  private boolean stopped;

  Maintenance(NodeCore node) {
    this.node = node;
  }

  private record Owned(
      DhtKey key, byte[] value, long sortKey, Duration ttl, Ed25519KeyPair owner, long sequence) {}

  void start() {
    every(node.config.expirySweepIntervalMillis(), this::expire);
    every(Math.max(1, node.config.refreshIntervalMillis() / 4), this::refresh);
    every(node.config.replicateIntervalMillis(), this::replicate);
  }

  private void every(long millis, Runnable task) {
    // A random phase keeps thousands of simulated (or restarted) nodes from acting in lock step.
    long first = 1 + (long) (node.random.nextDouble() * millis);
    schedule(first, millis, task);
  }

  private void schedule(long delayMillis, long periodMillis, Runnable task) {
    if (stopped) {
      return;
    }
    timers.add(
        node.scheduler.schedule(
            delayMillis * 1_000_000L,
            () -> {
              if (!stopped) {
                task.run();
                schedule(periodMillis, periodMillis, task);
              }
            }));
    if (timers.size() > 16) {
      timers.subList(0, timers.size() - 3).clear(); // fired timers need no cancelling
    }
  }

  void stop() {
    stopped = true;
    timers.forEach(Scheduler.Cancellable::cancel);
    timers.clear();
    owned.clear();
  }

  private void expire() {
    node.store.expire(node.scheduler.currentTimeMillis());
  }

  private void refresh() {
    long now = node.scheduler.nanoTime();
    long interval = node.config.refreshIntervalMillis() * 1_000_000L;
    for (int bucket : node.table.bucketsNeedingRefresh(now, interval)) {
      node.operations().lookupNodes(Ids.randomInBucket(node.id, bucket, node.random));
    }
  }

  private void replicate() {
    long now = node.scheduler.currentTimeMillis();
    for (NodeId location : node.store.locations()) {
      List<Entry> entries = node.store.entriesAt(location, now);
      if (entries.isEmpty()) {
        continue;
      }
      node.operations()
          .lookupNodes(location)
          .thenAccept(closest -> storeInBatches(closest, entries));
    }
  }

  /** A new contact: give it what it should now hold as one of the k closest to a location. */
  void handOver(PeerAddress newcomer) {
    long now = node.scheduler.currentTimeMillis();
    for (NodeId location : node.store.locations()) {
      List<Contact> closest = node.table.closest(location, node.config.k());
      boolean newcomerIsClose = false;
      for (Contact c : closest) {
        if (c.id().equals(newcomer.id())) {
          newcomerIsClose = true;
          break;
        }
      }
      if (newcomerIsClose) {
        storeInBatches(List.of(newcomer), node.store.entriesAt(location, now));
      }
    }
  }

  private void storeInBatches(List<PeerAddress> peers, List<Entry> entries) {
    for (int i = 0; i < entries.size(); i += STORE_BATCH) {
      List<Entry> batch = entries.subList(i, Math.min(entries.size(), i + STORE_BATCH));
      node.operations()
          .storeOn(peers, List.copyOf(batch), new CallStats(node.scheduler.nanoTime()));
    }
  }

  /** Remembers an entry this node signed so it is republished until removed or the node stops. */
  void own(Entry entry, Duration ttl, Ed25519KeyPair owner) {
    owned.put(
        entry.key(),
        new Owned(entry.key(), entry.value(), entry.sortKey(), ttl, owner, entry.sequence()));
    scheduleRepublish(entry.key(), ttl);
  }

  private void scheduleRepublish(DhtKey key, Duration ttl) {
    long delay = Math.min(node.config.republishIntervalMillis(), Math.max(1, ttl.toMillis() / 2));
    node.scheduler.schedule(delay * 1_000_000L, () -> republish(key));
  }

  private void republish(DhtKey key) {
    Owned o = owned.get(key);
    if (o == null || stopped) {
      return;
    }
    long now = node.scheduler.currentTimeMillis();
    long sequence = Math.max(o.sequence() + 1, now * 1000);
    Entry fresh =
        Entry.sign(o.key(), o.value(), o.sortKey(), sequence, now + o.ttl().toMillis(), o.owner());
    owned.put(key, new Owned(o.key(), o.value(), o.sortKey(), o.ttl(), o.owner(), sequence));
    node.operations().storeEverywhere(fresh);
    scheduleRepublish(key, o.ttl());
  }

  /** Stops republishing an entry (it was removed). */
  void disown(DhtKey key) {
    owned.remove(key);
  }
}
