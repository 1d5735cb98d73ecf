package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A new enrollment token: {@code token} is shown this once and stored only as a hash. */
@Serdeable
@Schema(name = "EnrollmentToken")
public record CreatedEnrollmentToken(
    UUID id,
    @Schema(description = "xet_ + 43 base64url characters; give it to host-daemon enroll --token.")
        String token,
    Instant createdAt,
    Instant expiresAt) {}
