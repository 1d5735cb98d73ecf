package io.xenia.dht.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Opaque page tokens: the rank key of the last offer shown and a fingerprint of the search that
 * made it. Stateless keyset paging: the next page is everything ranked after that key, so a token
 * stays valid while offers come and go (a new offer ranked before the boundary is simply not on a
 * later page) and is the same string for the same boundary.
 */
final class PageToken {
  private PageToken() {}

  static String encode(String search, RankKey last) {
    byte[] key = last.machineKey().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + 16 + key.length);
    b.put(fingerprint(search)).putLong(last.primary()).putLong(last.price()).put(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * The boundary a token carries.
   *
   * @throws IllegalArgumentException if it is malformed or was made for another search
   */
  static RankKey decode(String search, String token) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed page token", e);
    }
    if (bytes.length < 24) {
      throw new IllegalArgumentException("malformed page token");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] fp = new byte[8];
    b.get(fp);
    if (!MessageDigest.isEqual(fp, fingerprint(search))) {
      throw new IllegalArgumentException("the page token belongs to another search");
    }
    long primary = b.getLong();
    long price = b.getLong();
    byte[] key = new byte[b.remaining()];
    b.get(key);
    return new RankKey(primary, price, new String(key, StandardCharsets.UTF_8));
  }

  private static byte[] fingerprint(String search) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(search.getBytes(StandardCharsets.UTF_8));
      return java.util.Arrays.copyOf(h, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
