package io.xenia.dht.wire;

/** PING: is the node alive? Answered by {@link Pong}. */
public record Ping(long requestId) implements Request {}
