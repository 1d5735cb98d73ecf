package io.xenia.billing.persistence;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * The broker's PostgreSQL database, which billing shares (docs/billing.md): {@code
 * xenia.database.url} (a {@code jdbc:postgresql://host:port/database} URL, for Flyway over JDBC and
 * parsed for the Vert.x client), {@code .user}, {@code .password}, {@code .pool-size}.
 */
@ConfigurationProperties("xenia.database")
public record DatabaseConfig(
    @NotBlank String url,
    @NotBlank String user,
    @Bindable(defaultValue = "") String password,
    @Bindable(defaultValue = "4") int poolSize) {}
