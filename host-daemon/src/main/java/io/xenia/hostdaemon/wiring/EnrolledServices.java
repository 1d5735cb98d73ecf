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
import io.xenia.hostdaemon.api.RotatingKeyManager;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.heartbeat.HeartbeatSender;
import io.xenia.hostdaemon.heartbeat.HostMetrics;
import io.xenia.hostdaemon.heartbeat.MachineCounts;
import io.xenia.hostdaemon.inventory.NetworkSettings;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;

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
  // Set once by start(): the peer chunk server and the swarm provisioning fetches through.
  private ImagePeering peering;
  private final Advertiser advertiser;
  private final ControlApiServer api;
  private final HeartbeatSender heartbeats;
  private final AtomicBoolean apiStopped;
  private final RotatingKeyManager tlsKeys;
  private final SSLContext tls;
  private final RevocationList revocations;
  private final Ed25519PublicKey dhtCa;
  private volatile HostIdentity identity;

  private EnrolledServices(
      UdpDhtNode node,
      Advertiser advertiser,
      ControlApiServer api,
      HeartbeatSender heartbeats,
      AtomicBoolean apiStopped,
      RotatingKeyManager tlsKeys,
      SSLContext tls,
      RevocationList revocations,
      Ed25519PublicKey dhtCa,
      HostIdentity identity) {
    this.apiStopped = apiStopped;
    this.tlsKeys = tlsKeys;
    this.tls = tls;
    this.revocations = revocations;
    this.dhtCa = dhtCa;
    this.identity = identity;
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
    ImagePeering peering = null;
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
      RotatingKeyManager tlsKeys =
          new RotatingKeyManager(identity.tlsKey(), identity.tlsCertificate());
      SSLContext tls = ControlTls.context(tlsKeys, identity.caCertificates(), revocations);
      api =
          ControlApiServer.start(
              resolved(settings.controlBind()), tls, new CoreHostControl(daemon));
      peering =
          ImagePeering.start(daemon.images(), identity, node.node(), tls, api.address(), clock);
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
                  },
                  controlEndpoint(server.address()),
                  () -> metrics(daemon))
              .start();
      EnrolledServices services =
          new EnrolledServices(
              node,
              advertiser,
              api,
              heartbeats,
              apiStopped,
              tlsKeys,
              tls,
              revocations,
              dhtCa,
              identity);
      services.peering = peering;
      return services;
    } catch (RuntimeException e) {
      if (peering != null) {
        peering.close();
      }
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

  /**
   * The control API's address as the broker should call it: the bound address (with the real port
   * when the setting asked for port 0). A wildcard bind names no single address: it is not sent,
   * and the broker cannot place sessions here until {@code controlApi.bind} names one.
   */
  static Optional<String> controlEndpoint(InetSocketAddress bound) {
    java.net.InetAddress address = bound.getAddress();
    if (address == null || address.isAnyLocalAddress()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the control API is bound to the wildcard address "
              + bound
              + ": heartbeats name no control endpoint, so the broker cannot place sessions here");
      return Optional.empty();
    }
    String host = address.getHostAddress();
    if (address instanceof java.net.Inet6Address) {
      int scope = host.indexOf('%');
      host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
    }
    return Optional.of(host + ":" + bound.getPort());
  }

  /** The host's metrics for a heartbeat: /proc, the data directory's disk, the machines. */
  private static java.util.SortedMap<String, String> metrics(HostDaemon daemon) {
    var records = managed(daemon).toList();
    int leased = (int) records.stream().filter(r -> r.state().holdsSession()).count();
    int free = (int) records.stream().filter(r -> r.state() == MachineState.READY).count();
    int failed = (int) records.stream().filter(r -> r.state() == MachineState.FAILED).count();
    // A host is in one place: the region its machines are listed in (the first, if they differ).
    Optional<String> region =
        daemon.inventory().machines().stream().map(m -> m.location().region()).findFirst();
    return HostMetrics.collect(
        java.nio.file.Path.of("/proc"),
        daemon.inventory().daemon().machinesDir(),
        Runtime.getRuntime().availableProcessors(),
        HostMetrics.version(),
        new HostMetrics.Tally(leased, free, failed, region));
  }

  private static MachineCounts counts(HostDaemon daemon) {
    return new MachineCounts() {
      @Override
      public int total() {
        return (int) managed(daemon).count();
      }

      @Override
      public int ready() {
        return (int) managed(daemon).filter(r -> r.state() == MachineState.READY).count();
      }
    };
  }

  /** The records of the machines the inventory lists now (removed ones keep their files). */
  private static java.util.stream.Stream<io.xenia.hostdaemon.machine.MachineRecord> managed(
      HostDaemon daemon) {
    var inventory = daemon.inventory();
    return daemon.store().all().stream().filter(r -> inventory.machine(r.machineId()).isPresent());
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

  /** The address of the peer chunk server (images this host holds, for other hosts). */
  public InetSocketAddress peerChunkAddress() {
    return peering.server().address();
  }

  /** Bytes this host served to peers. */
  public long peerBytesServed() {
    return peering.server().bytesServed();
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

  /** The identity the services run with now. */
  public HostIdentity identity() {
    return identity;
  }

  /** The control API's revocation list (fed by the heartbeats' CRLs). */
  public RevocationList revocations() {
    return revocations;
  }

  /** The DHT membership CA this host's certificate must come from. */
  public Ed25519PublicKey membershipCa() {
    return dhtCa;
  }

  /** The certificate the control API presents to new connections. */
  public X509Certificate tlsCertificate() {
    return tlsKeys.certificate();
  }

  /**
   * Switches to a rotated identity of the same host (checked by the caller): new control API
   * connections get the new TLS certificate (cached TLS sessions are dropped so none resumes with
   * the old one; open connections finish with theirs), and the DHT node presents the new membership
   * certificate. The heartbeats are signed by the host key, which a rotation does not change.
   *
   * @return what was switched, e.g. {@code [tls, membership]}
   */
  public synchronized List<String> identityChanged(HostIdentity next) throws Exception {
    HostIdentity old = identity;
    List<String> switched = new java.util.ArrayList<>();
    if (!next.tlsCertificate().equals(old.tlsCertificate())
        || !next.tlsKey().equals(old.tlsKey())) {
      tlsKeys.use(next.tlsKey(), next.tlsCertificate());
      SSLSessionContext sessions = tls.getServerSessionContext();
      for (java.util.Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
        javax.net.ssl.SSLSession session = sessions.getSession(ids.nextElement());
        if (session != null) {
          session.invalidate();
        }
      }
      switched.add("tls");
    }
    if (!java.util.Arrays.equals(next.membershipCertificate(), old.membershipCertificate())) {
      node.renewCertificate(MembershipCertificate.fromJson(next.membershipCertificate()))
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      switched.add("membership");
    }
    identity = next;
    return switched;
  }

  /** Withdraws every ad, then stops the control API, heartbeats and the DHT node. */
  @Override
  public void close() {
    peering.close();
    advertiser.close();
    if (apiStopped.compareAndSet(false, true)) {
      api.close();
    }
    heartbeats.close();
    node.close();
  }
}
