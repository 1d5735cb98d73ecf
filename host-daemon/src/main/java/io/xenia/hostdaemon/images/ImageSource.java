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
}
