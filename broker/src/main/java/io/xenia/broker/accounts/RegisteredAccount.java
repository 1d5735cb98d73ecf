package io.xenia.broker.accounts;

import io.micronaut.serde.annotation.Serdeable;
import io.xenia.broker.credentials.CreatedApiKey;

/** A new account and its first API key (token shown once). */
@Serdeable
public record RegisteredAccount(AccountView account, CreatedApiKey apiKey) {}
