package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

/** Where the customer logs in: {@code ssh -p port user@host}. */
public record Endpoint(String host, int port, String user) {
  public Endpoint {
    requireNonNull(host, "host is null");
    requireNonNull(user, "user is null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
