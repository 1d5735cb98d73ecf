package io.xenia.cli.api;

/** No answer from the broker: connection refused, a timeout, a name that does not resolve. */
public final class BrokerUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BrokerUnreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
