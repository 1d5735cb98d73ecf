package io.xenia.broker.credentials;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Asks for a new API key. */
@Serdeable
public record CreateApiKeyRequest(
    @NotBlank @Size(max = 100) String name,
    @Nullable
        @Size(max = 20)
        @Schema(
            description =
                "Scopes such as orders:write; at most those the account's kind allows; all of those"
                    + " when absent.")
        List<@NotBlank String> scopes,
    @Nullable @Schema(description = "When the key stops working; never when absent.")
        Instant expiresAt) {}
