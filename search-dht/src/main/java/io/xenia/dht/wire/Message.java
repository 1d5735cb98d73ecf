package io.xenia.dht.wire;

/**
 * A DHT RPC message. Requests carry a request id chosen by the sender; the response echoes it. Who
 * sent a message is not a field: the transport authenticates the sender (a signed handshake and
 * MACs on UDP, the network itself in simulation) and hands the verified id over with the message.
 *
 * <p>Schemas and versions: docs/dht-wire.md. All implementations are records, thread-safe values.
 */
public sealed interface Message permits Request, Response {
  /** Echoed by the response, so the requester can match it to the request. */
  long requestId();
}
