package io.xenia.protocol.crypto;

import java.util.Base64;

/** Minimal RFC 7468 PEM: one labelled block of base64 DER. */
final class Pem {
  private static final int LINE = 64;

  private Pem() {}

  /** Encodes DER as a PEM block with 64-character lines and a final newline, as openssl does. */
  static String encode(String label, byte[] der) {
    String base64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder(base64.length() + 100);
    out.append("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < base64.length(); i += LINE) {
      out.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
    }
    out.append("-----END ").append(label).append("-----\n");
    return out.toString();
  }

  /**
   * Decodes the first PEM block of the text, which must carry the expected label. Text before the
   * BEGIN line and after the END line is ignored, as RFC 7468 allows.
   *
   * @throws KeyFileException if there is no such block or its base64 is bad
   */
  static byte[] decode(String text, String expectedLabel) throws KeyFileException {
    String[] lines = text.split("\r?\n", -1);
    int begin = -1;
    String label = null;
    for (int i = 0; i < lines.length && begin < 0; i++) {
      String line = lines[i].strip();
      if (line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.length() > 16) {
        begin = i;
        label = line.substring(11, line.length() - 5);
      }
    }
    if (begin < 0) {
      throw new KeyFileException(
          "no PEM block found (expected '-----BEGIN " + expectedLabel + "')");
    }
    if (!label.equals(expectedLabel)) {
      throw new KeyFileException(
          "expected a PEM '" + expectedLabel + "' block but found '" + label + "'" + hint(label));
    }
    StringBuilder base64 = new StringBuilder();
    String end = "-----END " + label + "-----";
    for (int i = begin + 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.equals(end)) {
        try {
          return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
          throw new KeyFileException("bad base64 in PEM block: " + e.getMessage(), e);
        }
      }
      if (line.contains(":")) {
        throw new KeyFileException("PEM headers (encrypted or legacy keys) are not supported");
      }
      base64.append(line);
    }
    throw new KeyFileException("PEM block has no '" + end + "' line");
  }

  private static String hint(String label) {
    return switch (label) {
      case "ENCRYPTED PRIVATE KEY" -> "; passphrase-protected keys are not supported";
      case "OPENSSH PRIVATE KEY" ->
          "; OpenSSH's own format is not supported, convert it with"
              + " 'ssh-keygen -p -m PKCS8 -f <file>'";
      default -> "";
    };
  }
}
