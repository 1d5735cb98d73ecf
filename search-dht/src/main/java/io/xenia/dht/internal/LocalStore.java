package io.xenia.dht.internal;

import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import io.xenia.dht.StoreOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries one node stores, by location, then domain, then content key, and the protection rules
 * every store obeys: a valid signature, not expired, within size and TTL limits, and, if the key is
 * taken, the same owner with a higher sequence number.
 *
 * <p>Not thread-safe: owned by the node's thread. Maps are created on first use so that the
 * thousands of empty stores of a simulation cost almost nothing.
 */
public final class LocalStore {
  private final int maxEntries;
  private final long maxTtlMillis;
  private Map<NodeId, Map<NodeId, Map<NodeId, Entry>>> locations;
  private int size;

  public LocalStore(int maxEntries, long maxTtlMillis) {
    this.maxEntries = maxEntries;
    this.maxTtlMillis = maxTtlMillis;
  }

  /** Checks and stores one entry; the outcome says why it was refused, if it was. */
  public StoreOutcome accept(Entry entry, long nowMillis) {
    Entry existing = find(entry);
    if (existing != null && existing.equals(entry)) {
      return StoreOutcome.ACCEPTED; // the same signed entry again (a republish): nothing changes
    }
    if (entry.isExpiredAt(nowMillis) || entry.expiresAtMillis() - nowMillis > maxTtlMillis) {
      return StoreOutcome.EXPIRED;
    }
    if (entry.valueLength() > Entry.MAX_VALUE_BYTES) {
      return StoreOutcome.TOO_LARGE;
    }
    if (existing != null && !existing.isExpiredAt(nowMillis)) {
      if (!existing.owner().equals(entry.owner())) {
        return StoreOutcome.NOT_OWNER;
      }
      if (entry.sequence() <= existing.sequence()) {
        return StoreOutcome.STALE;
      }
    }
    if (existing == null && size >= maxEntries) {
      return StoreOutcome.TOO_LARGE;
    }
    // Verified last: it is the expensive check, and the cheap ones refuse most junk first.
    if (!entry.hasValidSignature()) {
      return StoreOutcome.FORGED;
    }
    if (locations == null) {
      locations = new HashMap<>();
    }
    Map<NodeId, Entry> contents =
        locations
            .computeIfAbsent(entry.key().location(), l -> new HashMap<>(2))
            .computeIfAbsent(entry.key().domain(), d -> new HashMap<>(4));
    if (contents.put(entry.key().content(), entry) == null) {
      size++;
    }
    return StoreOutcome.ACCEPTED;
  }

  private Entry find(Entry entry) {
    Map<NodeId, Entry> contents = contents(entry.key().location(), entry.key().domain());
    return contents == null ? null : contents.get(entry.key().content());
  }

  private Map<NodeId, Entry> contents(NodeId location, NodeId domain) {
    if (locations == null) {
      return null;
    }
    Map<NodeId, Map<NodeId, Entry>> domains = locations.get(location);
    return domains == null ? null : domains.get(domain);
  }

  /** True if the node holds anything (even only tombstones) at the location and domain. */
  public boolean holds(NodeId location, NodeId domain) {
    Map<NodeId, Entry> contents = contents(location, domain);
    return contents != null && !contents.isEmpty();
  }

  /** Unexpired entries, tombstones included, at a location and domain (one content key if set). */
  public List<Entry> entries(
      NodeId location, NodeId domain, Optional<NodeId> content, long nowMillis) {
    Map<NodeId, Entry> contents = contents(location, domain);
    if (contents == null) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    if (content.isPresent()) {
      Entry entry = contents.get(content.get());
      if (entry != null && !entry.isExpiredAt(nowMillis)) {
        out.add(entry);
      }
      return out;
    }
    for (Entry entry : contents.values()) {
      if (!entry.isExpiredAt(nowMillis)) {
        out.add(entry);
      }
    }
    return out;
  }

  /** The summary of the live values (tombstones and expired entries excluded). */
  public Digest digest(NodeId location, NodeId domain, long nowMillis) {
    return Digest.of(entries(location, domain, Optional.empty(), nowMillis));
  }

  /** Drops expired entries; returns how many. */
  public int expire(long nowMillis) {
    if (locations == null) {
      return 0;
    }
    int dropped = 0;
    for (Iterator<Map<NodeId, Map<NodeId, Entry>>> l = locations.values().iterator();
        l.hasNext(); ) {
      Map<NodeId, Map<NodeId, Entry>> domains = l.next();
      for (Iterator<Map<NodeId, Entry>> d = domains.values().iterator(); d.hasNext(); ) {
        Map<NodeId, Entry> contents = d.next();
        int before = contents.size();
        contents.values().removeIf(e -> e.isExpiredAt(nowMillis));
        dropped += before - contents.size();
        if (contents.isEmpty()) {
          d.remove();
        }
      }
      if (domains.isEmpty()) {
        l.remove();
      }
    }
    size -= dropped;
    return dropped;
  }

  /** The locations held, for replication. */
  public List<NodeId> locations() {
    return locations == null ? List.of() : List.copyOf(locations.keySet());
  }

  /** Every unexpired entry at a location, all domains. */
  public List<Entry> entriesAt(NodeId location, long nowMillis) {
    if (locations == null || !locations.containsKey(location)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (Map<NodeId, Entry> contents : locations.get(location).values()) {
      for (Entry entry : contents.values()) {
        if (!entry.isExpiredAt(nowMillis)) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  /** Entries held, tombstones included. */
  public int size() {
    return size;
  }
}
