package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * Who called the control API: the subject of the verified client certificate (signed by the
 * broker's host CA, not revoked) and its serial. The core records it with a claim, so an audit can
 * tell which broker admitted a session.
 */
public record ControlCaller(String subject, BigInteger serial) {
  public ControlCaller {
    requireNonNull(subject, "subject is null");
    requireNonNull(serial, "serial is null");
  }
}
