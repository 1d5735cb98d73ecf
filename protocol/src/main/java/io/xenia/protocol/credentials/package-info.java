/**
 * The bearer token of the broker's API keys ({@link io.xenia.protocol.credentials.ApiKeyToken}),
 * shared by the broker, which issues and checks keys, and billing, which checks the same keys
 * against the same tables.
 */
package io.xenia.protocol.credentials;
