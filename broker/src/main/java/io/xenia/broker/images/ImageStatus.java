package io.xenia.broker.images;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an image is: {@code uploading} (waiting for chunks), {@code fetching} (the broker is
 * downloading its URLs), {@code available} (every part verified; hosts may fetch it) or {@code
 * failed} (a URL fetch failed; the reason is kept). An upload's bad part never fails the image: its
 * chunks are discarded and the owner uploads it again.
 */
public enum ImageStatus {
  UPLOADING("uploading"),
  FETCHING("fetching"),
  AVAILABLE("available"),
  FAILED("failed");

  private final String wireName;

  ImageStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ImageStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
