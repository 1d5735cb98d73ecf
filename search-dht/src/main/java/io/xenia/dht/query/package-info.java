/**
 * The offer query language of the search index: a space-separated conjunction of predicates such as
 * {@code cpu>=16 mem>=64GiB region=eu-* gpu.count in (2,4,8)}, plus proximity terms {@code
 * near=<hostId>} (rank by estimated RTT to that host) and {@code rtt(<hostId>,...)<=20ms} (within
 * that RTT of every listed host), which the search index evaluates over Vivaldi coordinates
 * (docs/search-index.md).
 *
 * <p>Pure Java, no IO. {@link io.xenia.dht.query.Query#parse(String)} turns text into an immutable
 * AST of {@link io.xenia.dht.query.Predicate}s with every number as an exact {@link
 * java.math.BigDecimal} in its attribute's canonical unit; {@link
 * io.xenia.dht.query.Query#toString()} prints a canonical form that parses back to an equal query;
 * {@link io.xenia.dht.query.Query#matches(java.util.Map)} evaluates the query exactly against one
 * offer.
 */
package io.xenia.dht.query;
