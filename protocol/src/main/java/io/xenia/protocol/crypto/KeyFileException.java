package io.xenia.protocol.crypto;

import java.io.IOException;

/** A key file or PEM text that cannot be used: malformed, of the wrong kind, or unsafe. */
public class KeyFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message says what is wrong and, where there is one, names the file
   */
  public KeyFileException(String message) {
    super(message);
  }

  /**
   * @param message says what is wrong and, where there is one, names the file
   * @param cause the lower-level failure
   */
  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
