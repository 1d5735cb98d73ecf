package io.xenia.broker.sessions;

import io.xenia.broker.hosts.ControlEndpoint;
import io.xenia.protocol.encoding.CanonicalInteger;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalString;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * {@link HostControlClient} over the daemons' mTLS control API (TLS 1.3, the broker's host-CA
 * client certificate, host certificates checked against the host CA and its revocations, the host
 * name checked against the certificate). Bodies are read with protocol's JSON parser, which keeps
 * integers exact and carries signed envelopes unchanged.
 */
@Singleton
final class MutualTlsHostClient implements HostControlClient {
  private final BrokerIdentity identity;
  private final SessionsConfig config;
  private volatile HttpClient client;
  private volatile SSLContext clientContext;

  MutualTlsHostClient(BrokerIdentity identity, SessionsConfig config) {
    this.identity = identity;
    this.config = config;
  }

  @Override
  public AdmissionAnswer admit(ControlEndpoint host, Agreement proposal) {
    byte[] body =
        CanonicalJson.encode(
            CanonicalObject.builder().put("agreement", proposal.toCanonical()).build());
    HttpResponse<byte[]> response;
    try {
      response = send(host, "POST", "/v1/admissions", body, config.admissionTimeout());
    } catch (HostCallException e) {
      return new AdmissionAnswer.NoAnswer(e.getMessage());
    }
    try {
      CanonicalObject answer = object(response.body());
      if (response.statusCode() == 201 && "admitted".equals(text(answer, "decision"))) {
        return new AdmissionAnswer.Admitted(SignedEnvelope.fromCanonical(answer.get("agreement")));
      }
      if (response.statusCode() == 409) {
        return new AdmissionAnswer.Refused(
            Optional.ofNullable(text(answer, "reason")).orElse("refused"),
            Optional.ofNullable(text(answer, "detail")).orElse(""));
      }
      return new AdmissionAnswer.NoAnswer(
          "HTTP "
              + response.statusCode()
              + ": "
              + Optional.ofNullable(text(answer, "detail")).orElse(""));
    } catch (RuntimeException e) {
      return new AdmissionAnswer.NoAnswer(
          "an answer that is not the control API's: " + e.getMessage());
    }
  }

  @Override
  public HostSession provision(
      ControlEndpoint host, String sessionId, Optional<String> imageUrl, Optional<String> sha256) {
    return provision(host, sessionId, imageUrl, sha256, java.util.List.of());
  }

  @Override
  public HostSession provision(
      ControlEndpoint host,
      String sessionId,
      Optional<String> imageUrl,
      Optional<String> sha256,
      java.util.List<String> furtherSshKeys) {
    var body = CanonicalObject.builder();
    if (!furtherSshKeys.isEmpty()) {
      body.put(
          "sshPublicKeys",
          new io.xenia.protocol.encoding.CanonicalArray(
              furtherSshKeys.stream()
                  .<io.xenia.protocol.encoding.CanonicalValue>map(
                      io.xenia.protocol.encoding.CanonicalString::new)
                  .toList()));
    }
    imageUrl.ifPresent(u -> body.put("imageUrl", u));
    sha256.ifPresent(s -> body.put("imageSha256", s));
    return session(
        expect(
            send(
                host,
                "POST",
                "/v1/sessions/" + sessionId + "/provision",
                CanonicalJson.encode(body.build()),
                config.admissionTimeout()),
            202,
            200));
  }

  @Override
  public Optional<HostSession> status(ControlEndpoint host, String sessionId) {
    var response = send(host, "GET", "/v1/sessions/" + sessionId, null, config.admissionTimeout());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(session(expect(response, 200)));
  }

  @Override
  public HostSession modify(
      ControlEndpoint host,
      String sessionId,
      Optional<Instant> leaseEnd,
      Optional<Integer> cpus,
      Optional<Long> memoryMib) {
    var body = CanonicalObject.builder();
    leaseEnd.ifPresent(e -> body.put("leaseEnd", e.toString()));
    cpus.ifPresent(c -> body.put("cpus", c));
    memoryMib.ifPresent(m -> body.put("memoryMib", m));
    return session(
        expect(
            send(
                host,
                "POST",
                "/v1/sessions/" + sessionId + "/modify",
                CanonicalJson.encode(body.build()),
                config.admissionTimeout()),
            200));
  }

  @Override
  public HostSession terminate(ControlEndpoint host, String sessionId, String reason) {
    byte[] body = CanonicalJson.encode(CanonicalObject.builder().put("reason", reason).build());
    return session(
        expect(
            send(
                host,
                "POST",
                "/v1/sessions/" + sessionId + "/terminate",
                body,
                config.admissionTimeout()),
            200));
  }

  @Override
  public HostEventStream events(
      ControlEndpoint host, long afterSequence, HostEventStream.Listener listener) {
    HttpRequest request =
        HttpRequest.newBuilder(host.baseUri().resolve("/v1/events"))
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", Long.toString(afterSequence))
            .GET()
            .build();
    var lines = new EventLines(listener);
    var response =
        client()
            .sendAsync(
                request,
                info ->
                    info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
                        : HttpResponse.BodySubscribers.replacing(null));
    response.whenComplete(
        (r, failure) -> {
          if (failure != null) {
            lines.end(Optional.of(failure));
          } else if (r.statusCode() != 200) {
            lines.end(
                Optional.of(
                    new HostCallException(
                        r.statusCode(),
                        Optional.empty(),
                        "host " + host + " answered " + r.statusCode() + " to /v1/events")));
          }
        });
    return () -> {
      lines.cancel();
      response.cancel(true);
    };
  }

  /** Turns the stream's lines into {@link HostEvent}s; ends the listener exactly once. */
  private static final class EventLines implements Flow.Subscriber<String> {
    private final HostEventStream.Listener listener;
    private final ServerSentEvents frames = new ServerSentEvents();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    EventLines(HostEventStream.Listener listener) {
      this.listener = listener;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (ended.get()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(String line) {
      frames
          .line(line)
          .filter(f -> f.event().equals("lifecycle"))
          .flatMap(f -> HostEvent.parse(f.data()))
          .ifPresent(
              e -> {
                if (!ended.get()) {
                  listener.event(e);
                }
              });
    }

    @Override
    public void onError(Throwable t) {
      end(Optional.of(t));
    }

    @Override
    public void onComplete() {
      end(Optional.empty());
    }

    void end(Optional<Throwable> cause) {
      if (ended.compareAndSet(false, true)) {
        listener.ended(cause);
      }
    }

    void cancel() {
      end(Optional.empty());
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }

  private HttpResponse<byte[]> send(
      ControlEndpoint host, String method, String path, byte[] body, Duration timeout) {
    URI uri = host.baseUri().resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    try {
      return client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new HostCallException(
          0, Optional.empty(), "host " + host + " did not answer " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostCallException(0, Optional.empty(), "interrupted calling " + host);
    }
  }

  /** One client per TLS identity: a renewed broker certificate gets a new client. */
  private HttpClient client() {
    SSLContext tls = identity.tls();
    HttpClient c = client;
    if (c == null || tls != clientContext) {
      synchronized (this) {
        if (client == null || tls != clientContext) {
          client =
              HttpClient.newBuilder()
                  .sslContext(tls)
                  .connectTimeout(Duration.ofSeconds(3))
                  .version(HttpClient.Version.HTTP_1_1)
                  .build();
          clientContext = tls;
        }
        c = client;
      }
    }
    return c;
  }

  private static CanonicalObject expect(HttpResponse<byte[]> response, int... ok) {
    for (int status : ok) {
      if (response.statusCode() == status) {
        return object(response.body());
      }
    }
    String reason = null;
    String detail = "";
    try {
      CanonicalObject problem = object(response.body());
      reason = text(problem, "reason");
      detail = Optional.ofNullable(text(problem, "detail")).orElse("");
    } catch (RuntimeException notJson) {
      detail = "(no problem document)";
    }
    throw new HostCallException(
        response.statusCode(),
        Optional.ofNullable(reason),
        "the host answered "
            + response.statusCode()
            + (reason == null ? "" : " " + reason)
            + ": "
            + detail);
  }

  private static HostSession session(CanonicalObject o) {
    CanonicalValue agreement = o.get("agreement");
    return new HostSession(
        text(o, "sessionId"),
        text(o, "machineId"),
        text(o, "state"),
        Optional.ofNullable(text(o, "reason")),
        Optional.ofNullable(text(o, "sshHost")),
        o.get("sshPort") instanceof CanonicalInteger port
            ? Optional.of((int) port.value())
            : Optional.empty(),
        agreement == null
            ? Optional.empty()
            : Optional.of(SignedEnvelope.fromCanonical(agreement)));
  }

  private static CanonicalObject object(byte[] body) {
    if (CanonicalJson.parse(body) instanceof CanonicalObject o) {
      return o;
    }
    throw new IllegalArgumentException("not a JSON object");
  }

  private static String text(CanonicalObject o, String key) {
    return o.get(key) instanceof CanonicalString s ? s.value() : null;
  }
}
