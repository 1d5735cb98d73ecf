package io.xenia.broker.webhooks;

import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One webhook event as the broker signs it: canonical JSON (protocol) {@code {"accountId",
 * "createdAt", "data": {...}, "id", "type", "version": 1}}. The id is the de-duplication key (every
 * retry carries the same id and bytes); createdAt is when the state change happened. Pure.
 */
public final class WebhookEvent {
  /** The record type name in the signing input ({@code xenia-v1:webhook-event:<body>}). */
  public static final String RECORD_TYPE = "webhook-event";

  public static final String ORDER_LOW_FUNDS = "order.low-funds";
  public static final String SESSION_PAUSED = "session.paused";
  public static final String SESSION_RESUMED = "session.resumed";
  public static final String SESSION_ENDED = "session.ended";

  private WebhookEvent() {}

  /** The canonical bytes of an event. */
  public static byte[] encode(
      UUID id, String type, UUID accountId, Instant createdAt, CanonicalObject data) {
    return CanonicalJson.encode(
        CanonicalObject.builder()
            .put("version", 1)
            .put("id", id.toString())
            .put("type", type)
            .put("accountId", accountId.toString())
            .put("createdAt", createdAt)
            .put("data", data)
            .build());
  }
}
