package io.xenia.hostdaemon.images;

import io.xenia.hostdaemon.driver.BootImage;

/** Turns an {@link ImageRef} into a verified local {@link BootImage}; {@link ImageCache} does. */
@FunctionalInterface
public interface ImageSource {
  /**
   * Fetches (or finds in the cache) and verifies the image.
   *
   * @throws ImageException if it cannot be had or does not match its digest
   */
  BootImage resolve(ImageRef ref) throws ImageException;

  /** Running totals for the audit log (e.g. bytes fetched by chunks, and from peers). */
  default java.util.Map<String, String> counters() {
    return java.util.Map.of();
  }
}
