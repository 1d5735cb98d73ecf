/**
 * Who may join the DHT: {@link io.xenia.dht.security.MembershipCertificate}s issued by the platform
 * CA, the {@link io.xenia.dht.security.MembershipPolicy} a transport applies in its handshake, and
 * a node's own {@link io.xenia.dht.security.NodeIdentity}.
 */
package io.xenia.dht.security;
