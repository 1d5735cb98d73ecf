package io.xenia.broker.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One step of a session: its SSE id is {@code id}. */
@Serdeable
@Schema(name = "SessionEvent")
public record SessionEventView(
    long id,
    UUID sessionId,
    Instant at,
    @Schema(
            description =
                "requested, admitted, provisioning, running, modified, admission-refused, failed,"
                    + " ended")
        String kind,
    @Nullable @Schema(description = "For failed/ended: the end reason.") String reason,
    @Nullable String detail) {

  static SessionEventView of(SessionEventEntity e) {
    return new SessionEventView(e.id, e.sessionId, e.at, e.kind, e.reason, e.detail);
  }
}
