package io.xenia.billing.rating;

/** The agreement prices a unit billing cannot measure; the record cannot be rated. */
public final class UnratableUsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnratableUsageException(String message) {
    super(message);
  }
}
