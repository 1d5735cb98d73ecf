package io.xenia.dht.internal;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.Distance;
import io.xenia.dht.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kademlia routing table: for a local id, {@link NodeId#BITS} k-buckets, bucket i holding the
 * contacts whose XOR distance from the local id has {@link Distance#bucketIndex()} i.
 *
 * <p>Kademlia prefers old live contacts over new ones (long-lived nodes are likely to stay, and an
 * attacker cannot flush a table by flooding it with fresh ids), so a full bucket never drops a
 * contact on its own: {@link #observe} reports {@link Observation.BucketFull} with the head, and
 * the caller pings it and then either observes it again or calls {@link #evict}.
 *
 * <p><b>Not thread-safe.</b> One thread, the node's event loop, owns a table and makes every call;
 * other threads hand work to that loop instead of touching the table. Times are caller-supplied
 * {@link System#nanoTime()} values (or a simulated clock), compared by subtraction so that
 * wrap-around is harmless; the table never reads a clock itself.
 */
public final class RoutingTable {
  /** Kademlia's bucket size k. */
  public static final int DEFAULT_K = 20;

  private final NodeId localId;
  private final int k;
  // Buckets are created on first use: a node in a network of N has only about log2(N / k)
  // non-empty buckets, and a simulation of 20,000 nodes cannot afford 256 empty ones per node.
  private final KBucket[] buckets = new KBucket[NodeId.BITS];
  private final long createdNanos;
  private int size;

  /**
   * An empty table with k = {@value #DEFAULT_K}.
   *
   * @param nowNanos the creation time, the initial last-activity time of every bucket
   */
  public RoutingTable(NodeId localId, long nowNanos) {
    this(localId, DEFAULT_K, nowNanos);
  }

  /**
   * An empty table with the given bucket size.
   *
   * @param nowNanos the creation time, the initial last-activity time of every bucket
   * @throws IllegalArgumentException if k is not positive
   */
  public RoutingTable(NodeId localId, int k, long nowNanos) {
    this.localId = requireNonNull(localId, "localId is null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, not " + k);
    }
    this.k = k;
    this.createdNanos = nowNanos;
  }

  /** The bucket at {@code index}, created (empty, last active at creation) on first use. */
  private KBucket bucketAt(int index) {
    KBucket bucket = buckets[index];
    if (bucket == null) {
      bucket = new KBucket(k, createdNanos);
      buckets[index] = bucket;
    }
    return bucket;
  }

  /** The id this table routes for; never present in the table. */
  public NodeId localId() {
    return localId;
  }

  /** The bucket size. */
  public int k() {
    return k;
  }

  /** The number of contacts in all buckets. */
  public int size() {
    return size;
  }

  /**
   * Records that a node was heard from: adds it if new and its bucket has room, or refreshes it
   * (new address and time, moved to the tail) if known; otherwise leaves the table unchanged and
   * reports the bucket's head for the caller to ping. Either change counts as activity of the
   * bucket for {@link #bucketsNeedingRefresh}.
   */
  public Observation observe(Contact contact) {
    requireNonNull(contact, "contact is null");
    int index = bucketIndexOf(contact.id());
    if (index < 0) {
      return new Observation.IgnoredSelf(contact);
    }
    KBucket bucket = bucketAt(index);
    int position = bucket.indexOf(contact.id());
    if (position >= 0) {
      bucket.moveToTail(position, contact);
      bucket.touch(contact.lastSeenNanos());
      return new Observation.Refreshed(contact);
    }
    if (bucket.isFull()) {
      return new Observation.BucketFull(contact, bucket.head());
    }
    bucket.addTail(contact);
    bucket.touch(contact.lastSeenNanos());
    size++;
    return new Observation.Added(contact);
  }

  /**
   * Replaces a contact that failed to answer a ping by the candidate that found its bucket full.
   * The stale contact is removed if still present (wherever it now sits in the bucket); the
   * replacement is then added at the tail if there is room, which fails only if other contacts
   * filled the bucket in between, or refreshed if it is already known.
   *
   * @return true if the replacement is in the table afterwards
   * @throws IllegalArgumentException if the two ids do not belong to the same bucket
   */
  public boolean evict(NodeId stale, Contact replacement) {
    requireNonNull(stale, "stale is null");
    requireNonNull(replacement, "replacement is null");
    int index = bucketIndexOf(stale);
    if (index < 0 || index != bucketIndexOf(replacement.id())) {
      throw new IllegalArgumentException(
          "evict: " + stale + " and " + replacement.id() + " are not in the same bucket");
    }
    remove(stale);
    Observation result = observe(replacement);
    return result instanceof Observation.Added || result instanceof Observation.Refreshed;
  }

  /** Removes the contact with this id, if present, and returns it. */
  public Optional<Contact> remove(NodeId id) {
    requireNonNull(id, "id is null");
    int index = bucketIndexOf(id);
    if (index < 0) {
      return Optional.empty();
    }
    KBucket bucket = buckets[index];
    int position = bucket == null ? -1 : bucket.indexOf(id);
    if (position < 0) {
      return Optional.empty();
    }
    size--;
    return Optional.of(bucket.removeAt(position));
  }

  /** The contact with this id, if present. */
  public Optional<Contact> get(NodeId id) {
    requireNonNull(id, "id is null");
    int index = bucketIndexOf(id);
    if (index < 0) {
      return Optional.empty();
    }
    KBucket bucket = buckets[index];
    int position = bucket == null ? -1 : bucket.indexOf(id);
    return position < 0 ? Optional.empty() : Optional.of(bucket.contacts().get(position));
  }

  /**
   * Up to n known contacts closest to the target by XOR distance, closest first. The target may be
   * any id, including the local one (which is never returned).
   *
   * <p>Visits buckets in distance order instead of sorting the whole table: with {@code i} the
   * target's bucket, contacts in bucket i are closest (they share bit i with the target), then all
   * of buckets below i (their distance to the target has its top bit at i), then buckets i+1, i+2,
   * ... (top bit at their own index). Only each group is sorted. Answering FIND_NODE is the hottest
   * path of a simulation of thousands of nodes.
   */
  public List<Contact> closest(NodeId target, int n) {
    requireNonNull(target, "target is null");
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, not " + n);
    }
    List<Contact> out = new ArrayList<>(Math.min(n, size));
    int i = bucketIndexOf(target);
    if (i < 0) {
      // The target is the local id: bucket j's contacts are at distance with top bit j.
      for (int j = 0; j < buckets.length && out.size() < n; j++) {
        addSorted(out, target, n, j, j);
      }
      return List.copyOf(out);
    }
    addSorted(out, target, n, i, i);
    addSorted(out, target, n, 0, i - 1);
    for (int j = i + 1; j < buckets.length && out.size() < n; j++) {
      addSorted(out, target, n, j, j);
    }
    return List.copyOf(out);
  }

  /** Appends the contacts of buckets from..to, sorted by distance to target, up to n in all. */
  private void addSorted(List<Contact> out, NodeId target, int n, int from, int to) {
    if (out.size() >= n) {
      return;
    }
    List<Contact> group = new ArrayList<>();
    for (int j = Math.max(0, from); j <= to; j++) {
      if (buckets[j] != null) {
        buckets[j].addAllTo(group);
      }
    }
    group.sort((a, b) -> target.compareDistances(a.id(), b.id()));
    for (int g = 0; g < group.size() && out.size() < n; g++) {
      out.add(group.get(g));
    }
  }

  /** A snapshot of bucket {@code index}, least-recently-seen first. */
  public List<Contact> bucket(int index) {
    if (index < 0 || index >= buckets.length) {
      throw new IndexOutOfBoundsException("bucket index " + index);
    }
    return buckets[index] == null ? List.of() : buckets[index].contacts();
  }

  /** The bucket a contact with this id belongs in, or -1 for the local id. */
  public int bucketIndexOf(NodeId id) {
    return localId.distanceTo(id).bucketIndex();
  }

  /**
   * Records a lookup of an id in bucket {@code index}, which counts as activity for {@link
   * #bucketsNeedingRefresh}; the caller reports each lookup it starts.
   */
  public void recordLookup(int index, long nowNanos) {
    if (index < 0 || index >= buckets.length) {
      throw new IndexOutOfBoundsException("bucket index " + index);
    }
    bucketAt(index).touch(nowNanos);
  }

  /**
   * The indices, ascending, of the non-empty buckets with no activity (a lookup, an added or a
   * refreshed contact) during the last {@code intervalNanos}: Kademlia refreshes each by looking up
   * a random id in its range. Empty buckets are left out because a lookup would find no one there
   * the node's own join lookup has not already found.
   */
  public List<Integer> bucketsNeedingRefresh(long nowNanos, long intervalNanos) {
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      KBucket bucket = buckets[i];
      if (bucket != null
          && !bucket.isEmpty()
          && nowNanos - bucket.lastActivityNanos() >= intervalNanos) {
        stale.add(i);
      }
    }
    return List.copyOf(stale);
  }
}
