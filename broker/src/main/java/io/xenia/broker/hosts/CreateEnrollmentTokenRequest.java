package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** Creates a one-time enrollment token for one host of the caller (a host operator). */
@Serdeable
public record CreateEnrollmentTokenRequest(
    @Nullable
        @Positive
        @Schema(
            description = "Lifetime in seconds; default 3600, at most xenia.hosts max (7 days).")
        Long expiresInSeconds) {}
