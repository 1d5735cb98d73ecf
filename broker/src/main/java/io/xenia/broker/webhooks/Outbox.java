package io.xenia.broker.webhooks;

import io.xenia.broker.common.Ids;
import io.xenia.protocol.encoding.CanonicalObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * The transactional outbox of webhooks: an event is a {@code webhook_delivery} row written by the
 * same transaction as the state change it reports (a paused session, an order below its threshold),
 * so it exists exactly when the change does and a broker that dies before delivering leaves it to
 * the next one ({@link WebhookDispatcher}). Accounts without an endpoint get no row: the same facts
 * are in the session's events and the order's view.
 */
public final class Outbox {
  private Outbox() {}

  /**
   * Queues {@code type} for the account's endpoint, if it has one, inside {@code session}'s
   * transaction.
   */
  public static CompletionStage<Void> enqueue(
      Stage.Session session, UUID accountId, String type, CanonicalObject data, Instant now) {
    UUID id = Ids.newId();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    byte[] event = WebhookEvent.encode(id, type, accountId, at, data);
    return session
        .createNativeQuery(
            "INSERT INTO webhook_delivery (id, account_id, event_type, event, created_at, status,"
                + " next_attempt_at) SELECT :id, account_id, :type, :event, :at, 'pending', :at"
                + " FROM webhook_endpoint WHERE account_id = :account")
        .setParameter("id", id)
        .setParameter("type", type)
        .setParameter("event", event)
        .setParameter("at", at)
        .setParameter("account", accountId)
        .executeUpdate()
        .thenApply(n -> null);
  }
}
