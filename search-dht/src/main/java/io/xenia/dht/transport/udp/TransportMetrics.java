package io.xenia.dht.transport.udp;

/**
 * A snapshot of a {@link UdpTransport}'s counters since it started. A value; take one from any
 * thread with {@link UdpTransport#metrics()}. Counts are monotonic, so differences of two snapshots
 * give rates.
 *
 * @param datagramsIn UDP datagrams received (any kind, before any check)
 * @param datagramsOut UDP datagrams sent (handshake and sealed)
 * @param bytesIn bytes received, UDP and TCP payloads
 * @param bytesOut bytes sent, UDP and TCP payloads
 * @param tcpMessagesIn sealed messages received over TCP (too large for a datagram)
 * @param tcpMessagesOut sealed messages sent over TCP
 * @param messagesDelivered messages handed to the receiver
 * @param handshakesCompleted sessions established, either role
 * @param handshakesRefused handshakes refused: bad signature or membership policy
 * @param handshakesFailed handshakes that timed out or were dropped under load
 * @param macFailures sealed packets whose MAC did not verify (tampered or forged)
 * @param replaysDropped authentic sealed packets dropped as replays or too old
 * @param unknownSessions sealed packets for no known session (peer restarted or expired)
 * @param decodeErrors packets or messages that were not valid wire format
 * @param queueDrops messages dropped while waiting for a handshake (queue full, refused, timeout)
 * @param sendErrors messages that could not be encoded or written
 * @param receiverErrors messages whose receiver threw (a node bug; the channel survives)
 */
public record TransportMetrics(
    long datagramsIn,
    long datagramsOut,
    long bytesIn,
    long bytesOut,
    long tcpMessagesIn,
    long tcpMessagesOut,
    long messagesDelivered,
    long handshakesCompleted,
    long handshakesRefused,
    long handshakesFailed,
    long macFailures,
    long replaysDropped,
    long unknownSessions,
    long decodeErrors,
    long queueDrops,
    long sendErrors,
    long receiverErrors) {}
