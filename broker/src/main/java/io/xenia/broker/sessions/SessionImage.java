package io.xenia.broker.sessions;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The registered image a session boots, as the host needs it: the kind ({@code kernel-initrd},
 * {@code disk}, {@code rootfs}) and each part's sha256 by name. Stored with the session (so a
 * broker restart provisions with the same image) as {@code name=sha256} pairs joined by commas.
 */
record SessionImage(UUID imageId, String kind, Map<String, String> parts) {
  SessionImage {
    parts = Map.copyOf(new TreeMap<>(parts));
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an image has parts");
    }
  }

  String encodedParts() {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(parts)
        .forEach(
            (name, sha) -> b.append(b.isEmpty() ? "" : ",").append(name).append('=').append(sha));
    return b.toString();
  }

  static SessionImage decode(UUID imageId, String kind, String encodedParts) {
    Map<String, String> parts = new TreeMap<>();
    for (String pair : encodedParts.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad image parts: " + encodedParts);
      }
      parts.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new SessionImage(imageId, kind, parts);
  }
}
