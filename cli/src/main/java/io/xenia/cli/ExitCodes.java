package io.xenia.cli;

/**
 * The exit codes scripts can rely on (docs/cli.md). Each failure maps to exactly one; the mapping
 * from HTTP statuses is {@link #forStatus}.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** Anything else: a bug, an unexpected answer, a local file that cannot be written. */
  public static final int OTHER = 1;

  /** The command line or the input it carries is wrong (unknown option, malformed query: 400). */
  public static final int USAGE = 2;

  /** The thing named does not exist, or is not yours (404). */
  public static final int NOT_FOUND = 3;

  /** The broker refused: no or a bad key, a missing scope, a conflict, insufficient funds. */
  public static final int REFUSED = 4;

  /** The broker (or the search network behind it) cannot be reached now; retrying may help. */
  public static final int UNAVAILABLE = 5;

  /**
   * A document did not verify: {@code sessions agreement --verify} found a bad or missing
   * signature, or keys that do not belong to the agreement. Never mapped from an HTTP status.
   */
  public static final int NOT_VERIFIED = 6;

  private ExitCodes() {}

  /** The exit code for a problem answer of this HTTP status. */
  public static int forStatus(int status) {
    if (status == 400) {
      return USAGE;
    }
    if (status == 404) {
      return NOT_FOUND;
    }
    if (status == 401 || status == 403 || status == 409 || status == 410 || status == 422) {
      return REFUSED;
    }
    if (status == 502 || status == 503 || status == 504) {
      return UNAVAILABLE;
    }
    return OTHER;
  }
}
