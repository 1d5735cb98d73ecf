package io.xenia.broker.orders;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes open purchase orders whose expiry has passed, every {@code
 * xenia.purchase-orders.expiry-sweep-interval} (default 30 s), each in its own transaction. A sweep
 * that overlaps the previous one is skipped.
 */
@Singleton
final class ExpirySweeper {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
  private static final int BATCH = 100;
  private final OrderService orders;
  private final AtomicBoolean running = new AtomicBoolean();

  ExpirySweeper(OrderService orders) {
    this.orders = orders;
  }

  @Scheduled(
      fixedDelay = "${xenia.purchase-orders.expiry-sweep-interval:30s}",
      initialDelay = "${xenia.purchase-orders.expiry-sweep-interval:30s}")
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      int expired = 0;
      for (UUID id : orders.dueForExpiry(BATCH).join()) {
        if (orders.expire(id).join()) {
          expired++;
        }
      }
      if (expired > 0) {
        LOG.info("expired {} purchase orders", expired);
      }
    } catch (RuntimeException e) {
      LOG.warn("purchase order expiry sweep failed; next sweep retries", e);
    } finally {
      running.set(false);
    }
  }
}
