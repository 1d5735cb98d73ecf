package io.xenia.hostdaemon.wiring;

import io.xenia.dht.DhtNode;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.images.BrokerBlobs;
import io.xenia.hostdaemon.images.DaemonImages;
import io.xenia.hostdaemon.images.ImageCache;
import io.xenia.hostdaemon.images.ImageHolders;
import io.xenia.hostdaemon.images.ImageSwarm;
import io.xenia.hostdaemon.images.PeerChunkServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An enrolled daemon's part in the image swarm: a {@link PeerChunkServer} on the control API's
 * address (another port, the same host-CA mTLS identity), an {@link ImageSwarm} through which
 * provisioning fetches images by digest (broker store and peers), and the DHT entries that say this
 * host holds what its cache holds — added at start and renewed every half TTL, so a host that stops
 * drops out when its entries expire.
 */
final class ImagePeering implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ImagePeering.class.getName());
  static final Duration HOLDER_TTL = Duration.ofMinutes(10);
  static final int MAX_PEERS = 8;
  static final int PEER_SLOTS = 8;

  private final DaemonImages images;
  private final PeerChunkServer server;
  private final ScheduledExecutorService renewals;

  private ImagePeering(
      DaemonImages images, PeerChunkServer server, ScheduledExecutorService renewals) {
    this.images = images;
    this.server = server;
    this.renewals = renewals;
  }

  static ImagePeering start(
      DaemonImages images,
      HostIdentity identity,
      DhtNode node,
      SSLContext tls,
      InetSocketAddress controlAddress,
      Clock clock) {
    ImageCache cache = images.cache();
    PeerChunkServer server =
        PeerChunkServer.start(
            new InetSocketAddress(controlAddress.getAddress(), 0), tls, cache, PEER_SLOTS);
    URI self =
        URI.create(
            "https://"
                + EnrolledServices.controlEndpoint(server.address())
                    .orElse("127.0.0.1:" + server.address().getPort()));
    ImageHolders holders = new ImageHolders(node, HOLDER_TTL, clock);
    ImageSwarm swarm =
        new ImageSwarm(
            cache,
            new BrokerBlobs(identity.broker(), identity.hostId(), identity.hostKey(), clock),
            holders,
            self,
            tls,
            MAX_PEERS);
    images.useSwarm(swarm);
    ScheduledExecutorService renewals =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "image-holder-renewal");
              t.setDaemon(true);
              return t;
            });
    long every = HOLDER_TTL.toMillis() / 2;
    renewals.scheduleWithFixedDelay(
        () -> {
          for (String sha256 : cache.digests()) {
            holders
                .advertise(sha256, self)
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        LOG.log(
                            System.Logger.Level.WARNING,
                            "cannot advertise image " + sha256 + ": " + e);
                      }
                    });
          }
        },
        0,
        every,
        TimeUnit.MILLISECONDS);
    return new ImagePeering(images, server, renewals);
  }

  PeerChunkServer server() {
    return server;
  }

  @Override
  public void close() {
    images.useSwarm(null);
    renewals.shutdownNow();
    server.close();
  }
}
