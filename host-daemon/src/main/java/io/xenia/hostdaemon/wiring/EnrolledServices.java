package io.xenia.hostdaemon.wiring;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.advertise.Advertiser;
import io.xenia.hostdaemon.api.ControlApiServer;
import io.xenia.hostdaemon.api.ControlTls;
import io.xenia.hostdaemon.api.RevocationList;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.heartbeat.HeartbeatSender;
import io.xenia.hostdaemon.heartbeat.MachineCounts;
import io.xenia.hostdaemon.inventory.NetworkSettings;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an enrolled daemon runs beside its core: the search-dht node (certified by the host's
 * membership certificate, talking only to certified members), the advertiser over it, the mTLS
 * control API in front of {@link CoreHostControl}, and heartbeats to the broker (whose CRLs feed
 * the control API's revocation list). {@link #close()} withdraws the ads first, then stops the API,
 * the heartbeats and the node.
 */
public final class EnrolledServices implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EnrolledServices.class.getName());

  private final UdpDhtNode node;
  private final Advertiser advertiser;
  private final ControlApiServer api;
  private final HeartbeatSender heartbeats;
  private final AtomicBoolean apiStopped;

  private EnrolledServices(
      UdpDhtNode node,
      Advertiser advertiser,
      ControlApiServer api,
      HeartbeatSender heartbeats,
      AtomicBoolean apiStopped) {
    this.apiStopped = apiStopped;
    this.node = node;
    this.advertiser = advertiser;
    this.api = api;
    this.heartbeats = heartbeats;
  }

  /**
   * Starts everything; on a failure stops what already started and rethrows.
   *
   * @throws IllegalStateException with a message for the operator when a setting is missing
   */
  public static EnrolledServices start(
      HostDaemon daemon, HostIdentity identity, NetworkSettings settings, Clock clock) {
    requireNonNull(daemon, "daemon is null");
    requireNonNull(identity, "identity is null");
    String owner =
        settings
            .ownerAccountId()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "daemon.advertise.ownerAccountId is required on an enrolled host: the"
                            + " operator account its advertisements name"));
    if (!daemon.hostKey().publicKey().equals(identity.hostKey().publicKey())) {
      throw new IllegalStateException("the daemon core must run with the enrolled host key");
    }
    MembershipCertificate membership =
        MembershipCertificate.fromJson(identity.membershipCertificate());
    Ed25519PublicKey dhtCa = settings.dhtCaPublicKey().orElse(membership.issuer());
    UdpDhtNode node = null;
    Advertiser advertiser = null;
    ControlApiServer api = null;
    try {
      node =
          UdpDhtNode.start(
              DhtConfig.defaults(),
              NodeIdentity.certified(identity.hostKey(), membership),
              MembershipPolicy.requireCertificate(dhtCa, clock),
              resolved(settings.dhtBind()));
      List<InetSocketAddress> seeds =
          settings.dhtSeeds().stream().map(EnrolledServices::resolved).toList();
      if (!seeds.isEmpty()) {
        node.join(seeds)
            .whenComplete(
                (size, failure) -> {
                  if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "joining search-dht failed: " + failure);
                  }
                });
      }
      advertiser =
          Advertiser.start(
              daemon.store(),
              daemon.inventory(),
              node.node(),
              identity.hostKey(),
              owner,
              settings.advertisementTtl(),
              daemon.inventory().daemon().advertiseDir(),
              clock);
      RevocationList revocations = new RevocationList(identity.caCertificates());
      api =
          ControlApiServer.start(
              resolved(settings.controlBind()),
              ControlTls.context(
                  identity.tlsKey(),
                  identity.tlsCertificate(),
                  identity.caCertificates(),
                  revocations),
              new CoreHostControl(daemon));
      Advertiser ads = advertiser;
      ControlApiServer server = api;
      AtomicBoolean apiStopped = new AtomicBoolean();
      HeartbeatSender heartbeats =
          new HeartbeatSender(
                  identity,
                  counts(daemon),
                  revocations::update,
                  () -> {
                    // A revoked host is out of the market: its ads go now, not at TTL expiry,
                    // and it serves no broker any more.
                    LOG.log(
                        System.Logger.Level.ERROR,
                        "revoked by the broker: withdrawing ads, stopping the control API");
                    ads.close();
                    if (apiStopped.compareAndSet(false, true)) {
                      server.close();
                    }
                  })
              .start();
      return new EnrolledServices(node, advertiser, api, heartbeats, apiStopped);
    } catch (RuntimeException e) {
      if (api != null) {
        api.close();
      }
      if (advertiser != null) {
        advertiser.close();
      }
      if (node != null) {
        node.close();
      }
      throw e;
    }
  }

  private static MachineCounts counts(HostDaemon daemon) {
    return new MachineCounts() {
      @Override
      public int total() {
        return daemon.store().all().size();
      }

      @Override
      public int ready() {
        return (int)
            daemon.store().all().stream().filter(r -> r.state() == MachineState.READY).count();
      }
    };
  }

  private static InetSocketAddress resolved(InetSocketAddress a) {
    return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
  }

  public InetSocketAddress controlAddress() {
    return api.address();
  }

  public InetSocketAddress dhtAddress() {
    return node.address();
  }

  public UdpDhtNode node() {
    return node;
  }

  public Advertiser advertiser() {
    return advertiser;
  }

  public HeartbeatSender heartbeats() {
    return heartbeats;
  }

  /** Withdraws every ad, then stops the control API, heartbeats and the DHT node. */
  @Override
  public void close() {
    advertiser.close();
    if (apiStopped.compareAndSet(false, true)) {
      api.close();
    }
    heartbeats.close();
    node.close();
  }
}
