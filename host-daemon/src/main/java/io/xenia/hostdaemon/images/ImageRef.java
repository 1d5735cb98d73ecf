package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.BootImage;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image as a request names it: the sha256 it must have and, for the URL form, where to fetch it;
 * without a URL it is fetched by digest from the broker's image store and peers ({@link
 * ImageSwarm}).
 *
 * @param sha256 lowercase hex SHA-256 of the main file
 * @param url http or https URL of the main file, or empty: by digest
 * @param kind what the file is
 * @param initrd for {@link BootImage.Kind#KERNEL_INITRD}, the initrd's own reference
 */
public record ImageRef(
    String sha256, Optional<URI> url, BootImage.Kind kind, Optional<ImageRef> initrd) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ImageRef {
    sha256 = checkDigest(sha256);
    requireNonNull(url, "url is null");
    if (url.isPresent()) {
      URI u = url.get();
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("image url must be http or https, not " + u);
      }
    }
    requireNonNull(kind, "kind is null");
    requireNonNull(initrd, "initrd is null");
    // An initrd's own reference has no initrd (a kernel image without one fails as a BootImage).
    if (initrd.isPresent() && kind != BootImage.Kind.KERNEL_INITRD) {
      throw new IllegalArgumentException("only a kernel image has an initrd");
    }
  }

  /** A single-file image. */
  public static ImageRef of(String sha256, URI url, BootImage.Kind kind) {
    return new ImageRef(sha256, Optional.of(url), kind, Optional.empty());
  }

  /** A file fetched by digest from the broker's store and peers. */
  public static ImageRef byDigest(String sha256, BootImage.Kind kind, Optional<ImageRef> initrd) {
    return new ImageRef(sha256, Optional.empty(), kind, initrd);
  }

  /**
   * Checks a digest's form.
   *
   * @throws IllegalArgumentException unless it is 64 lowercase hex digits
   */
  public static String checkDigest(String sha256) {
    requireNonNull(sha256, "sha256 is null");
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lowercase hex digits, not \"" + sha256 + "\"");
    }
    return sha256;
  }
}
