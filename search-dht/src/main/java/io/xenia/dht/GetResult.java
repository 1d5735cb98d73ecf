package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of a get: the live values found (the newest per content key; removed and expired ones
 * are left out), and what the lookup cost. An empty list means nothing is stored there.
 */
public record GetResult(List<Entry> entries, LookupStats stats) {
  /** Copies the list. */
  public GetResult {
    entries = List.copyOf(entries);
    requireNonNull(stats, "stats is null");
  }
}
