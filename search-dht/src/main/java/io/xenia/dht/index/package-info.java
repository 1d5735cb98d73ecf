/**
 * The offer search index over the DHT (XenoSearch-style): per numeric dimension, order-preserving
 * range buckets stored as DHT locations, read through digests (count, min/max, Bloom filter) so a
 * query visits only buckets that can match; candidates are verified and filtered exactly, then
 * ranked by price or network proximity and paginated. See docs/search-index.md.
 *
 * <p>{@link io.xenia.dht.index.SearchIndex} is the entry point; everything else here is either a
 * value it returns or a package-private step of planning, reading and ranking.
 */
package io.xenia.dht.index;
