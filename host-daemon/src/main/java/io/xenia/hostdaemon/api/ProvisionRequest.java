package io.xenia.hostdaemon.api;

/**
 * Provisions an admitted session. The image is fetched by its sha256 digest from {@code imageUrl};
 * both absent means the driver's default image. The customer's key is the agreement's.
 */
public record ProvisionRequest(String imageUrl, String imageSha256) {}
