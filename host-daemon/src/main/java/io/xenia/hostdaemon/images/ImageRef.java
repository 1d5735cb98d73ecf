package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.BootImage;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image as a request names it: where to fetch it and the sha256 it must have.
 *
 * @param sha256 lowercase hex SHA-256 of the main file
 * @param url http or https URL of the main file
 * @param kind what the file is
 * @param initrd for {@link BootImage.Kind#KERNEL_INITRD}, the initrd's own reference
 */
public record ImageRef(String sha256, URI url, BootImage.Kind kind, Optional<ImageRef> initrd) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ImageRef {
    sha256 = checkDigest(sha256);
    requireNonNull(url, "url is null");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("image url must be http or https, not " + url);
    }
    requireNonNull(kind, "kind is null");
    requireNonNull(initrd, "initrd is null");
    if ((kind == BootImage.Kind.KERNEL_INITRD) != initrd.isPresent()) {
      throw new IllegalArgumentException("a kernel image, and only a kernel image, has an initrd");
    }
  }

  /** A single-file image. */
  public static ImageRef of(String sha256, URI url, BootImage.Kind kind) {
    return new ImageRef(sha256, url, kind, Optional.empty());
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
