package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * The one text form of bytes in Xenia: base64url (RFC 4648 §5) without padding.
 *
 * <p>Decoding is strict so that every byte string has exactly one accepted text: padding, the
 * standard alphabet ({@code +/}), whitespace, line breaks and non-zero unused trailing bits are all
 * refused. A lenient decoder would let two different strings inside a signed record mean the same
 * bytes.
 */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  /** Encodes bytes as unpadded base64url. */
  public static String encode(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes unpadded base64url.
   *
   * @throws IllegalArgumentException if the text is not the canonical unpadded base64url of some
   *     byte string
   */
  public static byte[] decode(String text) {
    requireNonNull(text, "text is null");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new IllegalArgumentException(
            "not unpadded base64url: unexpected character at index " + i);
      }
    }
    if (text.length() % 4 == 1) {
      throw new IllegalArgumentException("not unpadded base64url: impossible length");
    }
    byte[] bytes = DECODER.decode(text);
    // The JDK decoder ignores set bits in the unused tail of the last character; re-encoding
    // catches them.
    if (!ENCODER.encodeToString(bytes).equals(text)) {
      throw new IllegalArgumentException("not canonical base64url: non-zero trailing bits");
    }
    return bytes;
  }
}
