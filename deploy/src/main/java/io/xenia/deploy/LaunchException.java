package io.xenia.deploy;

/**
 * A reason not to start (or to stop starting) that the user can act on: the launcher prints its
 * message alone, without a stack trace.
 */
class LaunchException extends RuntimeException {

  LaunchException(String message) {
    super(message);
  }

  LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
