package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.BootImage;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The daemon's {@link ImageSource}: URL images through the cache, images named by digest through
 * the {@link ImageSwarm} (broker store and peers) once the daemon is enrolled and runs one; before
 * that, or on a daemon without a broker, only what the cache already holds.
 */
public final class DaemonImages implements ImageSource {
  private final ImageCache cache;
  private final AtomicReference<ImageSwarm> swarm = new AtomicReference<>();

  public DaemonImages(ImageCache cache) {
    this.cache = requireNonNull(cache, "cache is null");
  }

  public ImageCache cache() {
    return cache;
  }

  /** From now on images by digest come through {@code s} (null: none again). */
  public void useSwarm(ImageSwarm s) {
    swarm.set(s);
  }

  public Optional<ImageSwarm> swarm() {
    return Optional.ofNullable(swarm.get());
  }

  @Override
  public java.util.Map<String, String> counters() {
    return cache.counters();
  }

  @Override
  public BootImage resolve(ImageRef ref) throws ImageException {
    ImageSwarm s = swarm.get();
    if (s == null) {
      return cache.resolve(ref);
    }
    return cache.resolve(ref, s::fetch);
  }
}
