package io.xenia.broker.sessions;

import io.xenia.broker.orders.OrderCloseGuard;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * A purchase order that pays for live sessions, or for ended ones not yet fully charged, cannot be
 * cancelled ({@code purchase-order-in-use}): cancelling gives its ring-fenced money back, and a
 * session must never run on money that is not held. End the sessions first. (The order's row is
 * locked by the cancel, so no session can be stored on it meanwhile: storing sessions locks the
 * same row.)
 */
@Singleton
final class SessionsHoldOrders implements OrderCloseGuard {
  @Override
  public CompletionStage<Void> beforeCancel(Stage.Session session, UUID purchaseOrder) {
    return session
        .createNativeQuery(
            "SELECT count(*) FROM session WHERE purchase_order_id = :id"
                + " AND (state NOT IN ('failed', 'ended') OR reserved_micros > 0)",
            Long.class)
        .setParameter("id", purchaseOrder)
        .getSingleResult()
        .thenAccept(
            live -> {
              if (live > 0) {
                throw new XeniaException(
                        ProblemType.PURCHASE_ORDER_IN_USE,
                        "purchase order "
                            + purchaseOrder
                            + " pays for "
                            + live
                            + " session(s) live or not yet fully charged; end them first (an"
                            + " ended session is charged within seconds)")
                    .with("liveSessions", live);
              }
            });
  }
}
