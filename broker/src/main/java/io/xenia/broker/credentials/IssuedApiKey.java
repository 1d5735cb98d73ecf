package io.xenia.broker.credentials;

/** A new API key with its bearer token: the only moment the token exists outside its holder. */
public record IssuedApiKey(ApiKey key, ApiKeyToken token) {}
