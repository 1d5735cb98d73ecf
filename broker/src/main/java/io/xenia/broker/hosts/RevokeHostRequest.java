package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;

/** Revokes a host for good. */
@Serdeable
public record RevokeHostRequest(@Nullable @Size(max = 500) String reason) {}
