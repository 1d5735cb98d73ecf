package io.xenia.broker.persistence;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Where the broker's PostgreSQL database is: {@code xenia.database.url} (a {@code
 * jdbc:postgresql://} URL, used by Flyway over JDBC and by Hibernate Reactive over the Vert.x
 * client), {@code .user} and {@code .password}.
 */
@ConfigurationProperties("xenia.database")
public record DatabaseConfig(
    @NotBlank String url, @NotBlank String user, @Bindable(defaultValue = "") String password) {}
