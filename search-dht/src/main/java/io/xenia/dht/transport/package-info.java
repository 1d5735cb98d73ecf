/**
 * The two things a node needs from its environment: a {@link io.xenia.dht.transport.Transport} that
 * moves authenticated messages and a {@link io.xenia.dht.transport.Scheduler} that owns its thread
 * and clock. Real UDP/TCP implementations and a deterministic simulator plug in here, so the same
 * node code runs in both.
 */
package io.xenia.dht.transport;
