package io.xenia.broker.sessions;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.xenia.broker.hosts.HostDown;
import io.xenia.broker.hosts.HostFailureListener;
import io.xenia.broker.hosts.HostRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host that went down or was revoked takes its sessions with it: each live one ends with reason
 * {@code host-unreachable} (its hold on the purchase order is given back at once). The failure
 * detector's call can be lost in a crash, so the same is done for every unreachable host at
 * start-up; then the sessions a previous run left admitted or provisioning are picked up again.
 */
@Singleton
final class SessionsOnHostFailure
    implements HostFailureListener, ApplicationEventListener<ServerStartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SessionsOnHostFailure.class);

  private final SessionService sessions;
  private final HostRegistry registry;

  SessionsOnHostFailure(SessionService sessions, HostRegistry registry) {
    this.sessions = sessions;
    this.registry = registry;
  }

  @Override
  public void hostDown(HostDown event) {
    endSessionsOf(event);
  }

  private CompletableFuture<Integer> endSessionsOf(HostDown event) {
    String detail =
        "host " + event.hostId() + " is " + event.cause().wireName() + " since " + event.at();
    return sessions
        .endAllOnHost(event.hostId(), EndReason.HOST_UNREACHABLE, detail)
        .whenComplete(
            (n, failure) -> {
              if (failure != null) {
                LOG.error("ending the sessions of host {} failed", event.hostId(), failure);
              } else if (n > 0) {
                LOG.info("{} session(s) on host {} ended: host-unreachable", n, event.hostId());
              }
            });
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    registry
        .unreachableHosts()
        .whenComplete(
            (downs, failure) -> {
              if (failure != null) {
                LOG.warn("reconciling sessions of unreachable hosts failed", failure);
                return;
              }
              // One after another: this callback runs in the read's Vert.x context, whose reactive
              // session the calls below share; used concurrently it fails ("Illegal pop() with
              // non-matching JdbcValuesSourceProcessingState") and the sessions stay live.
              CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
              for (HostDown down : downs) {
                chain = chain.handle((x, e) -> null).thenCompose(x -> endSessionsOf(down));
              }
              chain
                  .handle((x, e) -> null)
                  .thenCompose(x -> sessions.resumeProvisioning())
                  .whenComplete(
                      (n, resumeFailure) -> {
                        if (resumeFailure != null) {
                          LOG.warn("resuming provisioning sessions failed", resumeFailure);
                        } else if (n > 0) {
                          LOG.info("resumed {} session(s) left provisioning", n);
                        }
                      });
            });
  }
}
