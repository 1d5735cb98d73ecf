package io.xenia.broker.sessions;

import java.util.Optional;

/** An open subscription to one host daemon's lifecycle events; {@link #close()} ends it. */
interface HostEventStream extends AutoCloseable {
  /** What a stream tells its follower, on the HTTP client's threads: keep it short. */
  interface Listener {
    void event(HostEvent event);

    /** The stream ended, once: the host closed it, or it failed ({@code cause}). */
    void ended(Optional<Throwable> cause);
  }

  @Override
  void close();
}
