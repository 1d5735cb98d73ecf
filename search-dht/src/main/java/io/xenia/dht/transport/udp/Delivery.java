package io.xenia.dht.transport.udp;

import io.xenia.dht.NodeId;
import io.xenia.dht.wire.Message;
import java.net.InetSocketAddress;

/** A decoded, authenticated message on its way to the receiver. A value. */
record Delivery(InetSocketAddress from, NodeId sender, Message message) {}
