package io.xenia.dht.index;

import io.xenia.dht.Entry;
import io.xenia.dht.LookupStats;
import java.util.List;

/**
 * The entries a plan's reads returned (driver buckets only, already narrowed by the filter
 * dimension's Bloom filters and the driver's sort keys), and what the reads cost.
 *
 * @param bucketsRead buckets whose digests or entries were looked up
 */
record BucketRead(List<Entry> entries, int bucketsRead, LookupStats stats) {}
