package io.xenia.dht.index;

import io.xenia.dht.LookupStats;

/**
 * The outcome of a publish or withdraw.
 *
 * @param stored index entries (one per dimension) that at least one DHT node accepted
 * @param removed entries removed: buckets the machine left on a change, or all of them on withdraw
 * @param stats what the DHT calls cost, run side by side
 */
public record PublishResult(int stored, int removed, LookupStats stats) {}
