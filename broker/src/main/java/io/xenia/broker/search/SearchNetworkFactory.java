package io.xenia.broker.search;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.NodeId;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker's DHT node when the application starts (unless {@code
 * xenia.search.enabled=false}) and closes it at shutdown: loads or creates the CA and node keys,
 * certifies its own node as a {@link MembershipRole#BROKER}, and binds. Joining is {@link
 * SeedJoiner}'s job, in the background, so a broker starts even while its seeds are down.
 */
@Factory
@Requires(property = SearchNetworkFactory.ENABLED, notEquals = "false")
final class SearchNetworkFactory {
  static final String ENABLED = "xenia.search.enabled";
  private static final Logger LOG = LoggerFactory.getLogger(SearchNetworkFactory.class);

  @Context
  @Bean(preDestroy = "close")
  SearchNetwork searchNetwork(SearchConfig config, Environment environment, Clock clock) {
    SecureRandom random = new SecureRandom();
    DhtConfig dht = DhtSettings.from(config, environment);
    Ed25519KeyPair ca =
        SearchKeys.loadOrCreate(config.caKeyPath(), "xenia.search.ca-key-file", random);
    Ed25519KeyPair key =
        SearchKeys.loadOrCreate(config.nodeKeyPath(), "xenia.search.node-key-file", random);
    if (key.publicKey().equals(ca.publicKey())) {
      throw new ConfigurationException(
          "xenia.search.node-key-file and xenia.search.ca-key-file hold the same key; the CA key"
              + " must be a key of its own");
    }
    SearchKeys.storePublicKey(config.caKeyPath(), ca.publicKey());
    MembershipIssuer issuer = new MembershipIssuer(ca, config.certificateValidity(), clock, random);
    MembershipCertificate certificate =
        issuer.issue(key.publicKey(), MembershipRole.BROKER, subjectName(key));
    MembershipPolicy policy =
        config.openMembership()
            ? MembershipPolicy.open()
            : MembershipPolicy.requireCertificate(ca.publicKey(), clock);
    UdpDhtNode node;
    try {
      node =
          UdpDhtNode.start(
              dht, NodeIdentity.certified(key, certificate), policy, config.bindAddress());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the search DHT node on xenia.search.bind=" + config.bind() + ": " + e, e);
    }
    SearchNetwork network =
        new SearchNetwork(
            node, issuer, certificate, config.seedAddresses(), config.openMembership());
    LOG.info(
        "search DHT node {} listening on {} (UDP and TCP), CA {}, certificate valid until {}",
        node.node().id().toHex().substring(0, 16),
        HostPorts.format(network.address()),
        ca.publicKey().fingerprint(),
        certificate.claims().notAfter());
    if (config.openMembership()) {
      LOG.warn(
          "xenia.search.open-membership is true: the search DHT node admits any peer, certified"
              + " or not; for tests only");
    }
    return network;
  }

  /**
   * The running node itself, for code that needs only the DHT (the offer index is wired on it by
   * one factory method). Closed with its {@link SearchNetwork}, not on its own.
   */
  @Singleton
  @Bean(preDestroy = "")
  DhtNode dhtNode(SearchNetwork network) {
    return network.node();
  }

  /** The membership CA, for code that certifies other keys (host enrollment, search nodes). */
  @Singleton
  MembershipIssuer membershipIssuer(SearchNetwork network) {
    return network.issuer();
  }

  private static String subjectName(Ed25519KeyPair key) {
    return "broker-" + NodeId.of(key.publicKey()).toHex().substring(0, 16);
  }
}
