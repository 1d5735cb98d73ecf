package io.xenia.broker.accounts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The admin account made from configuration at start-up: {@code xenia.bootstrap.admin.name}, {@code
 * .email} and {@code .api-key}, a token of the form {@code xk_<32 hex>_<43 base64url>} that will
 * work as that admin's key (generate one with {@code xenia-local} or any random source). Without an
 * api-key the admin exists but has no key.
 */
@ConfigurationProperties("xenia.bootstrap.admin")
public record BootstrapAdminConfig(
    @Bindable(defaultValue = "Platform administrator") String name,
    @Bindable(defaultValue = "admin@localhost") String email,
    @Nullable String apiKey) {}
