package io.xenia.broker.images;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Abandoned uploads expire: every {@code xenia.images.upload-expiry-sweep-interval} (1 min) an
 * image still {@code uploading} {@code xenia.images.upload-expiry} (24 h) after its registration is
 * deleted with its staged chunks, which gives its quota back. An owner who needs longer registers
 * again (chunks are cheap to resend; verified parts' blobs are shared by digest).
 */
@Singleton
final class UploadExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(UploadExpiry.class);
  private final ImageService images;
  private final Duration expiry;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  UploadExpiry(
      ImageService images,
      @Value("${xenia.images.upload-expiry:24h}") Duration expiry,
      Clock clock) {
    if (expiry.isNegative() || expiry.isZero()) {
      throw new io.micronaut.context.exceptions.ConfigurationException(
          "xenia.images.upload-expiry must be positive");
    }
    this.images = images;
    this.expiry = expiry;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelay = "${xenia.images.upload-expiry-sweep-interval:1m}",
      initialDelay = "${xenia.images.upload-expiry-sweep-interval:1m}")
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      List<UUID> expired = images.expireUploads(clock.instant().minus(expiry), 100);
      if (!expired.isEmpty()) {
        LOG.info("{} abandoned upload(s) expired: {}", expired.size(), expired);
      }
    } catch (RuntimeException e) {
      LOG.warn("upload expiry sweep failed; the next sweep retries", e);
    } finally {
      running.set(false);
    }
  }
}
