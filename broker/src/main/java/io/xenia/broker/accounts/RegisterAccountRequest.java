package io.xenia.broker.accounts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Registers an account. */
@Serdeable
public record RegisterAccountRequest(
    @NotBlank
        @Schema(
            allowableValues = {"customer", "host-operator", "finance", "admin"},
            description = "finance and admin accounts need an admin's API key")
        String kind,
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Email @Size(max = 320) String contactEmail) {}
