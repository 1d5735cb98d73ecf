package io.xenia.broker.images;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code xenia.images.*}: where image bytes are stored and how much each account may store.
 *
 * @param dir the content-addressed store's root (docs/images.md "Storage layout")
 * @param chunkSize the upload and manifest chunk size in bytes (below the server's request limit)
 * @param maxImagesPerAccount images an account may hold (in any status)
 * @param maxBytesPerAccount declared bytes an account's images may add up to
 * @param maxPartBytes the largest single part
 * @param fetchTimeout how long a URL registration's download of one part may take
 * @param allowPrivateUrls whether URL registrations may point at loopback or private addresses (a
 *     development broker; off on a public one: {@link FetchTargets})
 */
@ConfigurationProperties("xenia.images")
public record ImagesConfig(
    @Bindable(defaultValue = "xenia-data/images") String dir,
    @Bindable(defaultValue = "4194304") int chunkSize,
    @Bindable(defaultValue = "20") int maxImagesPerAccount,
    @Bindable(defaultValue = "21474836480") long maxBytesPerAccount,
    @Bindable(defaultValue = "10737418240") long maxPartBytes,
    @Bindable(defaultValue = "30m") Duration fetchTimeout,
    @Bindable(defaultValue = "false") boolean allowPrivateUrls) {
  public ImagesConfig {
    if (chunkSize < 4096 || chunkSize > 8 * 1024 * 1024) {
      throw new ConfigurationException("xenia.images.chunk-size must be 4 KiB .. 8 MiB");
    }
    if (maxImagesPerAccount < 0 || maxBytesPerAccount < 0 || maxPartBytes <= 0) {
      throw new ConfigurationException("xenia.images quotas must not be negative");
    }
  }
}
