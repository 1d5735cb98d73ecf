package io.xenia.hostdaemon.api;

import java.util.Map;

/**
 * Provisions an admitted session. Either a registered image by digest ({@code image}: its kind and
 * its parts' sha256, fetched from the broker's store and peers), or the URL form (the file at
 * {@code imageUrl} with sha256 {@code imageSha256}); all absent means the driver's default image.
 * The customer's key is the agreement's.
 */
public record ProvisionRequest(String imageUrl, String imageSha256, Image image) {
  public ProvisionRequest(String imageUrl, String imageSha256) {
    this(imageUrl, imageSha256, null);
  }

  /**
   * A registered image: {@code kind} {@code kernel-initrd} (parts {@code kernel}, {@code initrd},
   * maybe {@code rootfs}), {@code disk} (part {@code disk}) or {@code rootfs} (part {@code
   * rootfs}).
   */
  public record Image(String kind, Map<String, String> parts) {}
}
