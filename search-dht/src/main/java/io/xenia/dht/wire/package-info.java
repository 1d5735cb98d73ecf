/**
 * The DHT's RPC messages as values: four requests (PING, FIND_NODE, FIND_VALUE, STORE) and their
 * responses. Encoding, authentication and framing belong to the transports; the byte layout and its
 * versions are documented in docs/dht-wire.md.
 */
package io.xenia.dht.wire;
