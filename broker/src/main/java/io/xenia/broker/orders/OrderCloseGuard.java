package io.xenia.broker.orders;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * A feature whose commitments a purchase order pays for (sessions, issue 5): asked, inside the
 * cancelling transaction and after the order's row is locked, whether the order may close now. It
 * refuses by failing the stage (a {@link io.xenia.broker.problems.XeniaException}). Expiry is not
 * asked — time cannot be refused — so such features end their commitments before the order expires.
 */
public interface OrderCloseGuard {
  CompletionStage<Void> beforeCancel(Stage.Session session, UUID purchaseOrder);
}
