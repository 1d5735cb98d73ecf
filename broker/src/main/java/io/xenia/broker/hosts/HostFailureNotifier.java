package io.xenia.broker.hosts;

import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link HostFailureListener} bean of a host that is gone. Looks the listeners up at
 * each call, so a listener registered after start-up (a test's, or a feature's lazily created bean)
 * is included.
 */
@Singleton
final class HostFailureNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(HostFailureNotifier.class);
  private final BeanContext context;

  HostFailureNotifier(BeanContext context) {
    this.context = context;
  }

  void hostDown(HostDown event) {
    LOG.warn(
        "host {} of account {} is {} since {}",
        event.hostId(),
        event.operatorAccountId(),
        event.cause().wireName(),
        event.at());
    for (HostFailureListener listener : context.getBeansOfType(HostFailureListener.class)) {
      try {
        listener.hostDown(event);
      } catch (RuntimeException e) {
        LOG.error("host failure listener {} failed for {}", listener, event, e);
      }
    }
  }
}
