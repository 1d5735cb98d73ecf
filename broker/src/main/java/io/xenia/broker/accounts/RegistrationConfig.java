package io.xenia.broker.accounts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code xenia.registration.open}: whether customers and host operators may register themselves
 * (default true); when false only an admin's key can create accounts.
 */
@ConfigurationProperties("xenia.registration")
public record RegistrationConfig(@Bindable(defaultValue = "true") boolean open) {}
