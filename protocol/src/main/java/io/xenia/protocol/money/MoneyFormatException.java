package io.xenia.protocol.money;

/** Thrown when a decimal amount or a currency code cannot be turned into {@link Money}. */
public final class MoneyFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message says what is wrong with the input, and quotes it
   */
  public MoneyFormatException(String message) {
    super(message);
  }

  /**
   * @param message says what is wrong with the input, and quotes it
   * @param cause the lower-level failure
   */
  public MoneyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
