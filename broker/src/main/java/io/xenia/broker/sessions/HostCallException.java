package io.xenia.broker.sessions;

import java.util.Optional;

/**
 * A call to a host's control API that did not succeed: no answer ({@code status} 0), or a problem
 * document with its HTTP status, type slug and refusal {@code reason}.
 */
public final class HostCallException extends RuntimeException {
  private final int status;
  private final Optional<String> reason;

  public HostCallException(int status, Optional<String> reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public Optional<String> reason() {
    return reason;
  }

  public boolean noAnswer() {
    return status == 0;
  }
}
