package io.xenia.broker.images;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as the image API spells them: 64 lowercase hex digits. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private Digests() {}

  public static boolean isSha256(String s) {
    return s != null && SHA256.matcher(s).matches();
  }

  /**
   * @throws IllegalArgumentException unless {@code s} is a sha256 in hex
   */
  public static String check(String s) {
    if (!isSha256(s)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
    return s;
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  public static String sha256Hex(byte[] bytes, int offset, int length) {
    MessageDigest d = sha256();
    d.update(bytes, offset, length);
    return hex(d.digest());
  }
}
