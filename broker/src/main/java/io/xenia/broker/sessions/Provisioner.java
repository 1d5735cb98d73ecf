package io.xenia.broker.sessions;

import io.xenia.broker.hosts.ControlEndpoint;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an admitted session to running: asks the host to provision, then polls the host's status
 * every {@code xenia.sessions.status-poll-interval} until the machine runs (its SSH address is
 * stored), fails, or {@code provisioning-timeout} passes (both end it {@code provisioning-failed},
 * and the host is told to terminate). The host's event stream ({@link HostEventFeeds}) makes the
 * running case faster: its {@code running} event triggers {@link #checkNow}. A session ended
 * meanwhile (customer, host down) stops the polling. One small scheduler; each step is short.
 */
final class Provisioner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

  private final SessionService sessions;
  private final HostControlClient hosts;
  private final SessionsConfig config;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "session-provisioner");
            t.setDaemon(true);
            return t;
          });

  Provisioner(
      SessionService sessions, HostControlClient hosts, SessionsConfig config, Clock clock) {
    this.sessions = sessions;
    this.hosts = hosts;
    this.config = config;
    this.clock = clock;
  }

  void start(UUID id, ControlEndpoint host, Optional<String> imageUrl, Optional<String> sha256) {
    start(id, host, imageUrl, sha256, List.of());
  }

  /** As above, with the session's further SSH keys for the machine's authorized_keys. */
  void start(
      UUID id,
      ControlEndpoint host,
      Optional<String> imageUrl,
      Optional<String> sha256,
      List<String> furtherSshKeys) {
    Instant deadline = clock.instant().plus(config.provisioningTimeout());
    sessions
        .workers()
        .execute(
            () -> {
              try {
                hosts.provision(host, id.toString(), imageUrl, sha256, furtherSshKeys);
              } catch (HostCallException e) {
                fail(
                    id,
                    host,
                    SessionState.ADMITTED,
                    "the host refused to provision: " + e.getMessage());
                return;
              } catch (RuntimeException e) {
                fail(id, host, SessionState.ADMITTED, "provisioning failed: " + e);
                return;
              }
              Optional<SessionEntity> moved =
                  sessions
                      .move(
                          id,
                          SessionState.ADMITTED,
                          SessionState.PROVISIONING,
                          Optional.empty(),
                          "the host is provisioning the machine",
                          row -> {})
                      .join();
              if (moved.isPresent()) {
                // Asked once at once: a running event the host streamed before this move found
                // the session still admitted and was ignored (see SessionService#hostReported).
                checkNow(id, host);
                schedule(id, host, deadline);
              }
            });
  }

  /** Picks up a session a previous broker run left provisioning: polls it with a fresh deadline. */
  void resume(UUID id, ControlEndpoint host) {
    schedule(id, host, clock.instant().plus(config.provisioningTimeout()));
  }

  private void schedule(UUID id, ControlEndpoint host, Instant deadline) {
    if (!timer.isShutdown()) {
      timer.schedule(
          () -> sessions.workers().execute(() -> poll(id, host, deadline)),
          config.statusPollInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void poll(UUID id, ControlEndpoint host, Instant deadline) {
    try {
      if (check(id, host)) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        fail(
            id,
            host,
            SessionState.PROVISIONING,
            "not running after " + config.provisioningTimeout().toSeconds() + " s");
        return;
      }
      schedule(id, host, deadline);
    } catch (RuntimeException e) {
      LOG.warn("provisioning session {}: {}", id, e.toString());
      schedule(id, host, deadline);
    }
  }

  /**
   * Asks the host now, outside the poll rhythm: its event stream said the machine came up. The
   * status, not the event, decides; a session that is not running yet keeps its polls.
   */
  void checkNow(UUID id, ControlEndpoint host) {
    try {
      check(id, host);
    } catch (RuntimeException e) {
      LOG.debug("checking session {} on its host's event: {}", id, e.toString());
    }
  }

  /**
   * One status question while provisioning: running (with an SSH port) → the session runs; the
   * machine gone → it failed. True when the session is settled (or was no longer provisioning).
   */
  private boolean check(UUID id, ControlEndpoint host) {
    if (sessions.stateOf(id).join().orElse(SessionState.ENDED) != SessionState.PROVISIONING) {
      return true;
    }
    Optional<HostSession> status;
    try {
      status = hosts.status(host, id.toString());
    } catch (HostCallException e) {
      // No answer now: the failure detector decides whether the host is gone.
      if (!e.noAnswer()) {
        LOG.warn("status of session {} at {}: {}", id, host, e.getMessage());
      }
      return false;
    }
    if (status.isPresent() && status.get().isRunning() && status.get().sshPort().isPresent()) {
      HostSession s = status.get();
      sessions
          .move(
              id,
              SessionState.PROVISIONING,
              SessionState.RUNNING,
              Optional.empty(),
              "ssh " + s.sshHost().orElse(host.host()) + ":" + s.sshPort().get(),
              row -> {
                row.sshHost = s.sshHost().orElse(host.host());
                row.sshPort = s.sshPort().get();
                row.sshUser = "root";
              })
          .join();
      return true;
    }
    if (status.isPresent() && status.get().isGone()) {
      fail(
          id,
          host,
          SessionState.PROVISIONING,
          "the machine is "
              + status.get().state()
              + status.get().reason().map(r -> ": " + r).orElse(""));
      return true;
    }
    return false;
  }

  private void fail(UUID id, ControlEndpoint host, SessionState from, String detail) {
    sessions
        .move(
            id,
            from,
            SessionState.FAILED,
            Optional.of(EndReason.PROVISIONING_FAILED),
            detail,
            row -> {})
        .join();
    sessions.terminateQuietly(host, id.toString(), EndReason.PROVISIONING_FAILED.wireName());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
