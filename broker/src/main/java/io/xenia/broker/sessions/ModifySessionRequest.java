package io.xenia.broker.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** {@code PATCH /v1/sessions/{id}}: absent fields are unchanged. */
@Serdeable
@Schema(name = "ModifySession")
public record ModifySessionRequest(
    @Nullable @Schema(description = "Resize: CPU cores (where the driver can).") Integer cpus,
    @Nullable @Schema(description = "Resize: memory in MiB (where the driver can).") Long memoryMib,
    @Nullable @Schema(description = "Extend (or shorten) the lease to this instant.")
        Instant leaseEnd) {}
