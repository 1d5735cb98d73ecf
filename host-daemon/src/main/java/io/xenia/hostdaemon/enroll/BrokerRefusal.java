package io.xenia.hostdaemon.enroll;

/**
 * The broker refused a request: its HTTP status and problem type (the slug after {@code
 * urn:xenia:problem:}, e.g. {@code enrollment-token-used}, {@code host-revoked}).
 */
public final class BrokerRefusal extends RuntimeException {
  private final int status;
  private final String problemType;

  public BrokerRefusal(int status, String problemType, String detail) {
    super(status + " " + problemType + ": " + detail);
    this.status = status;
    this.problemType = problemType;
  }

  public int status() {
    return status;
  }

  public String problemType() {
    return problemType;
  }
}
