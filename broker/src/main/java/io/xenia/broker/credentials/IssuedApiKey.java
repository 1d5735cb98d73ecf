package io.xenia.broker.credentials;

import io.xenia.protocol.credentials.ApiKeyToken;

/** A new API key with its bearer token: the only moment the token exists outside its holder. */
public record IssuedApiKey(ApiKey key, ApiKeyToken token) {}
