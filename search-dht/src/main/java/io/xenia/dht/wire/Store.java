package io.xenia.dht.wire;

import io.xenia.dht.Entry;
import java.util.List;

/**
 * STORE: keep these entries (values or tombstones). Each is checked on its own (signature,
 * ownership, sequence, expiry, size) and answered in order by {@link StoreResult}.
 */
public record Store(long requestId, List<Entry> entries) implements Request {
  /** Copies the list; a STORE carries at least one entry. */
  public Store {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a STORE carries at least one entry");
    }
  }
}
