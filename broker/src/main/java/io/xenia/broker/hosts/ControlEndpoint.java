package io.xenia.broker.hosts;

import io.xenia.broker.problems.XeniaException;
import java.net.URI;
import java.util.Optional;

/**
 * Where a host's mTLS control API listens, as the daemon names it in its signed heartbeat: {@code
 * host:port}, {@code [v6]:port}. The broker calls {@code https://<endpoint>/v1/...}; the host's TLS
 * certificate must carry the host part as a SAN (the daemon's {@code --tls-name}).
 */
public record ControlEndpoint(String host, int port) {
  private static final int MAX_LENGTH = 300;

  public ControlEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 1..65535");
    }
  }

  /** Parses {@code host:port}; empty for null; {@code validation-failed} naming the field else. */
  public static Optional<ControlEndpoint> parse(String text, String field) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.isEmpty() || s.length() > MAX_LENGTH || s.contains("/") || s.contains("@")) {
      throw XeniaException.invalidField(field, "must be host:port");
    }
    try {
      URI uri = new URI("https://" + s);
      if (uri.getHost() == null || uri.getPort() < 0 || uri.getRawPath().length() > 0) {
        throw XeniaException.invalidField(field, "must be host:port");
      }
      return Optional.of(new ControlEndpoint(uri.getHost(), uri.getPort()));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw XeniaException.invalidField(field, "must be host:port");
    }
  }

  /** The base URI of the control API. */
  public URI baseUri() {
    return URI.create("https://" + this);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
