package io.xenia.hostdaemon.heartbeat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.enroll.BrokerClient;
import io.xenia.hostdaemon.enroll.BrokerRefusal;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.HostRequestProof;
import io.xenia.hostdaemon.enroll.Pem;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the broker a heartbeat signed by the host key every interval (the broker's, from the
 * enrollment and each answer), retrying failures with {@link RetryBackoff} capped at the interval.
 * Each answer's CRL goes to {@code crlSink} (the control API's revocation list). A {@code
 * host-revoked} answer stops the sender for good and calls {@code onRevoked}.
 *
 * <p>Sequence numbers are {@code max(previous + 1, now in ms)}: they grow across restarts without
 * state on disk, as long as the clock does not step back further than the downtime.
 *
 * <p>One thread of its own; {@link #status} may be read from any thread.
 */
public final class HeartbeatSender implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HeartbeatSender.class.getName());

  private final HostIdentity identity;
  private final MachineCounts machines;
  private final Consumer<X509CRL> crlSink;
  private final Runnable onRevoked;
  private final BrokerClient broker;
  private final Optional<String> controlEndpoint;
  private final Supplier<? extends Map<String, String>> metrics;
  private final ScheduledExecutorService timer;
  // Only the timer thread writes these; status() reads the volatile snapshot.
  private Duration interval;
  private long sequence;
  private int failures;
  private volatile HeartbeatStatus status =
      new HeartbeatStatus("starting", Optional.empty(), 0, Optional.empty(), 0);

  public HeartbeatSender(
      HostIdentity identity,
      MachineCounts machines,
      Consumer<X509CRL> crlSink,
      Runnable onRevoked) {
    this(identity, machines, crlSink, onRevoked, Optional.empty());
  }

  /**
   * @param controlEndpoint {@code host:port} where the broker reaches this daemon's control API,
   *     sent (and signed) in every heartbeat; empty: not sent (the format before issue 5)
   */
  public HeartbeatSender(
      HostIdentity identity,
      MachineCounts machines,
      Consumer<X509CRL> crlSink,
      Runnable onRevoked,
      Optional<String> controlEndpoint) {
    this(identity, machines, crlSink, onRevoked, controlEndpoint, Map::of);
  }

  /**
   * @param metrics the host's metrics for this heartbeat ({@link HostMetrics}), read at each beat,
   *     sent and signed as the {@code metrics} member; an empty map leaves the member out
   */
  public HeartbeatSender(
      HostIdentity identity,
      MachineCounts machines,
      Consumer<X509CRL> crlSink,
      Runnable onRevoked,
      Optional<String> controlEndpoint,
      Supplier<? extends Map<String, String>> metrics) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.controlEndpoint = requireNonNull(controlEndpoint, "controlEndpoint is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.machines = requireNonNull(machines, "machines is null");
    this.crlSink = requireNonNull(crlSink, "crlSink is null");
    this.onRevoked = requireNonNull(onRevoked, "onRevoked is null");
    this.broker = new BrokerClient(identity.broker(), Optional.empty());
    this.interval = identity.heartbeatInterval();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat-" + identity.hostId());
              t.setDaemon(true);
              return t;
            });
  }

  /** Sends the first heartbeat now, then on the interval. */
  public HeartbeatSender start() {
    timer.execute(this::beat);
    return this;
  }

  public HeartbeatStatus status() {
    return status;
  }

  private void beat() {
    Duration next;
    try {
      sendOnce();
      failures = 0;
      next = interval;
    } catch (BrokerRefusal e) {
      if (e.problemType().equals("host-revoked")) {
        status =
            new HeartbeatStatus(
                "revoked", status.lastAccepted(), failures, Optional.of(e.getMessage()), sequence);
        LOG.log(System.Logger.Level.ERROR, "the broker revoked this host; heartbeats stop");
        onRevoked.run();
        return;
      }
      next = failed(e);
    } catch (RuntimeException e) {
      next = failed(e);
    }
    if (!timer.isShutdown()) {
      timer.schedule(this::beat, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Duration failed(RuntimeException e) {
    failures++;
    status =
        new HeartbeatStatus(
            "failing", status.lastAccepted(), failures, Optional.of(e.getMessage()), sequence);
    Duration retry =
        new RetryBackoff(Duration.ofMillis(Math.min(1000, interval.toMillis())), interval)
            .delay(failures);
    LOG.log(
        System.Logger.Level.WARNING,
        "heartbeat "
            + failures
            + " in a row failed ("
            + e.getMessage()
            + "); retrying in "
            + retry);
    return retry;
  }

  /** One heartbeat, on the caller's thread (the timer's, or a test's). */
  void sendOnce() {
    long now = System.currentTimeMillis();
    sequence = Math.max(sequence + 1, now);
    int total = machines.total();
    int ready = machines.ready();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sequence", sequence);
    body.put("signedAtEpochMs", now);
    body.put("machinesTotal", total);
    body.put("machinesReady", ready);
    controlEndpoint.ifPresent(e -> body.put("controlEndpoint", e));
    Map<String, String> report = readMetrics();
    if (!report.isEmpty()) {
      body.put("metrics", report);
    }
    body.put(
        "signature",
        HostRequestProof.signHeartbeat(
            identity.hostKey(),
            identity.hostId(),
            sequence,
            now,
            total,
            ready,
            controlEndpoint.orElse(null),
            report));
    JsonNode answer = broker.post("/v1/hosts/" + identity.hostId() + "/heartbeats", body);
    long ms = answer.path("heartbeatIntervalMs").asLong(0);
    if (ms > 0) {
      interval = Duration.ofMillis(ms);
    }
    String crl = answer.path("crl").asText("");
    if (!crl.isEmpty()) {
      try {
        crlSink.accept(Pem.crl(crl));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the broker's CRL was not usable: " + e.getMessage());
      }
    }
    status = new HeartbeatStatus("ok", Optional.of(Instant.now()), 0, Optional.empty(), sequence);
  }

  /** The metrics now; a probe that fails costs the metrics of one beat, never the beat. */
  private Map<String, String> readMetrics() {
    try {
      return new java.util.TreeMap<>(metrics.get());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "host metrics unreadable: " + e.getMessage());
      return Map.of();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
