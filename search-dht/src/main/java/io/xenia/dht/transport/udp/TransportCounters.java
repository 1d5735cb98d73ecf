package io.xenia.dht.transport.udp;

import java.util.concurrent.atomic.LongAdder;

/**
 * The transport's live counters. Incremented on the event loop, read from any thread through {@link
 * #snapshot()}; {@link LongAdder} keeps the hot path free of contention.
 */
final class TransportCounters {
  final LongAdder datagramsIn = new LongAdder();
  final LongAdder datagramsOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder tcpMessagesIn = new LongAdder();
  final LongAdder tcpMessagesOut = new LongAdder();
  final LongAdder messagesDelivered = new LongAdder();
  final LongAdder handshakesCompleted = new LongAdder();
  final LongAdder handshakesRefused = new LongAdder();
  final LongAdder handshakesFailed = new LongAdder();
  final LongAdder macFailures = new LongAdder();
  final LongAdder replaysDropped = new LongAdder();
  final LongAdder unknownSessions = new LongAdder();
  final LongAdder decodeErrors = new LongAdder();
  final LongAdder queueDrops = new LongAdder();
  final LongAdder sendErrors = new LongAdder();
  final LongAdder receiverErrors = new LongAdder();

  TransportMetrics snapshot() {
    return new TransportMetrics(
        datagramsIn.sum(),
        datagramsOut.sum(),
        bytesIn.sum(),
        bytesOut.sum(),
        tcpMessagesIn.sum(),
        tcpMessagesOut.sum(),
        messagesDelivered.sum(),
        handshakesCompleted.sum(),
        handshakesRefused.sum(),
        handshakesFailed.sum(),
        macFailures.sum(),
        replaysDropped.sum(),
        unknownSessions.sum(),
        decodeErrors.sum(),
        queueDrops.sum(),
        sendErrors.sum(),
        receiverErrors.sum());
  }
}
