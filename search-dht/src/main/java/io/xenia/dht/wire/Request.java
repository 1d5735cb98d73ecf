package io.xenia.dht.wire;

/** A message that asks for a {@link Response} with the same request id. */
public sealed interface Request extends Message
    permits Ping, FindNode, FindValue, FindDigests, Store {}
