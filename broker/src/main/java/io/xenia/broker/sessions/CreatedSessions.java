package io.xenia.broker.sessions;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** The answer to {@code POST /v1/sessions}: every session admitted, provisioning now. */
@Serdeable
@Schema(name = "CreatedSessions")
public record CreatedSessions(UUID groupId, List<SessionView> sessions) {}
