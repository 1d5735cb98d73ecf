/**
 * The real DHT transport over UDP (with TCP for oversized messages) on Netty. Public: {@link
 * io.xenia.dht.transport.udp.UdpTransport} with its {@link
 * io.xenia.dht.transport.udp.UdpTransportBuilder}, the {@link
 * io.xenia.dht.transport.udp.EventLoopScheduler} it runs on and its {@link
 * io.xenia.dht.transport.udp.TransportMetrics}. Everything else (codec, handshake, sessions,
 * pipeline handlers) is package-private; the byte layout is in docs/dht-wire.md.
 */
package io.xenia.dht.transport.udp;
