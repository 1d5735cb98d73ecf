package io.xenia.dht.transport.udp;

/**
 * Bytes that are not a valid packet or message. Thrown inside the decoders only and turned into a
 * counted drop by the handler that called them, so it never reaches Netty. Carries no stack trace:
 * a flood of garbage must stay cheap.
 */
final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DecodeException(String message) {
    super(message, null, false, false);
  }

  /** Throws unless the condition holds. */
  static void check(boolean condition, String message) {
    if (!condition) {
      throw new DecodeException(message);
    }
  }
}
