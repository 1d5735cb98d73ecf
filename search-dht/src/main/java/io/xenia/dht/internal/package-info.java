/**
 * Internals of the DHT: the routing table and its k-buckets. Not an API; types here change freely.
 * Nothing here is thread-safe unless it says so: the node's event loop owns these objects.
 */
package io.xenia.dht.internal;
