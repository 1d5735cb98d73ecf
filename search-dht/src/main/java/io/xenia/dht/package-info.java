/**
 * search-dht: a Kademlia DHT (k = 20, alpha = 3) with a TomP2P-shaped API, signed owner-protected
 * records and a XenoSearch-style multi-attribute range index of machine advertisements.
 *
 * <p>Public API here ({@code DhtNode}, {@code NodeId}); routing tables, buckets and the wire
 * pipeline in {@code io.xenia.dht.internal}. Built by issue 3; this module is wired into the build
 * now so that the dependency directions (protocol below, host-daemon and broker above) are fixed
 * from the start.
 */
package io.xenia.dht;
