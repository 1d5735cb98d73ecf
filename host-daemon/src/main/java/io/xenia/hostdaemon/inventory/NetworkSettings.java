package io.xenia.hostdaemon.inventory;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an enrolled daemon serves and joins, from the {@code daemon:} section's {@code controlApi},
 * {@code dht} and {@code advertise} mappings (all optional; a daemon without an identity uses none
 * of it).
 *
 * @param controlBind where the mTLS control API listens ({@code controlApi.bind}, default {@code
 *     127.0.0.1:7443})
 * @param dhtBind the search-dht node's UDP and TCP address ({@code dht.bind}, default {@code
 *     127.0.0.1:7946})
 * @param dhtSeeds nodes to join through ({@code dht.seeds}, default none: the node waits to be
 *     found)
 * @param dhtCaPublicKey the DHT membership CA ({@code dht.caPublicKey}, hex); empty: the issuer of
 *     the host's own membership certificate, as the broker returned it at enrollment
 * @param ownerAccountId the operator account named in advertisements ({@code
 *     advertise.ownerAccountId}); required to advertise
 * @param advertisementTtl each ad's lifetime ({@code advertise.ttlSeconds}, default 300, 2..30 d);
 *     ads are re-published at half of it
 */
public record NetworkSettings(
    InetSocketAddress controlBind,
    InetSocketAddress dhtBind,
    List<InetSocketAddress> dhtSeeds,
    Optional<Ed25519PublicKey> dhtCaPublicKey,
    Optional<String> ownerAccountId,
    Duration advertisementTtl) {
  public static final InetSocketAddress DEFAULT_CONTROL_BIND =
      InetSocketAddress.createUnresolved("127.0.0.1", 7443);
  public static final InetSocketAddress DEFAULT_DHT_BIND =
      InetSocketAddress.createUnresolved("127.0.0.1", 7946);

  public NetworkSettings {
    requireNonNull(controlBind, "controlBind is null");
    requireNonNull(dhtBind, "dhtBind is null");
    dhtSeeds = List.copyOf(dhtSeeds);
    requireNonNull(dhtCaPublicKey, "dhtCaPublicKey is null");
    requireNonNull(ownerAccountId, "ownerAccountId is null");
    requireNonNull(advertisementTtl, "advertisementTtl is null");
  }

  /** Every default: nothing configured. */
  public static NetworkSettings defaults() {
    return new NetworkSettings(
        DEFAULT_CONTROL_BIND,
        DEFAULT_DHT_BIND,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(300));
  }

  /** {@code host:port} with a port 0..65535 (0: a free one); unresolved, for the binder. */
  static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(text.substring(colon + 1));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port 0..65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
