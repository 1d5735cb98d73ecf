package io.xenia.broker.images;

import io.xenia.broker.problems.XeniaException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Digest} request header (RFC 9530) of an uploaded chunk: {@code
 * sha-256=:<base64>:}. Other algorithms listed beside it are ignored; sha-256 is required.
 */
public final class ContentDigest {
  public static final String HEADER = "Content-Digest";
  private static final Pattern SHA256 = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):");

  private ContentDigest() {}

  /** The hex SHA-256 the header declares, or a {@code validation-failed} problem. */
  public static String sha256Hex(String header) {
    if (header == null) {
      throw XeniaException.invalidField(
          HEADER, "is required: sha-256=:<base64 of the chunk's SHA-256>:");
    }
    Matcher m = SHA256.matcher(header);
    if (!m.find()) {
      throw XeniaException.invalidField(HEADER, "must carry sha-256=:<base64>:");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField(HEADER, "sha-256 is not base64");
    }
    if (raw.length != 32) {
      throw XeniaException.invalidField(HEADER, "sha-256 must be 32 bytes");
    }
    return HexFormat.of().formatHex(raw);
  }

  /** The header value for {@code bytes}. */
  public static String of(byte[] bytes) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(Digests.sha256().digest(bytes)) + ":";
  }
}
