package io.xenia.broker.sessions;

/** No set of candidates can satisfy the request (before any host was asked). */
public final class NoPlacementException extends RuntimeException {
  public NoPlacementException(String message) {
    super(message, null, false, false);
  }
}
