package io.xenia.dht.transport.udp;

/**
 * The tunables of one transport, validated by {@link UdpTransportBuilder}. A value.
 *
 * @param maxDatagramBytes sealed packets above this go over TCP
 * @param handshakeTimeoutNanos give up on a handshake (and its queued messages) after this
 * @param sessionIdleNanos forget a session unused for this long
 */
record TransportSettings(int maxDatagramBytes, long handshakeTimeoutNanos, long sessionIdleNanos) {}
