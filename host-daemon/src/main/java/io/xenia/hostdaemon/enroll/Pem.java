package io.xenia.hostdaemon.enroll;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** PEM blocks (RFC 7468) of certificates, CRLs and PKCS#8 EC keys, with the JDK's parsers. */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+?)-----END \\1-----", Pattern.DOTALL);

  private Pem() {}

  public record Block(String label, byte[] der) {}

  public static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  public static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    var m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
    }
    return blocks;
  }

  public static List<X509Certificate> certificates(String text) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (b.label().equals("CERTIFICATE")) {
        try {
          certificates.add(
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(new ByteArrayInputStream(b.der())));
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("a CERTIFICATE block does not parse: " + e, e);
        }
      }
    }
    return certificates;
  }

  public static X509CRL crl(String text) {
    for (Block b : blocks(text)) {
      if (b.label().equals("X509 CRL")) {
        try {
          return (X509CRL)
              CertificateFactory.getInstance("X.509")
                  .generateCRL(new ByteArrayInputStream(b.der()));
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("the X509 CRL block does not parse: " + e, e);
        }
      }
    }
    throw new IllegalArgumentException("no X509 CRL block");
  }

  /** The first PKCS#8 {@code PRIVATE KEY} block, as an EC key. */
  public static PrivateKey ecPrivateKey(String text) {
    for (Block b : blocks(text)) {
      if (b.label().equals("PRIVATE KEY")) {
        try {
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(b.der()));
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("the PRIVATE KEY is not an EC key: " + e, e);
        }
      }
    }
    throw new IllegalArgumentException("no PRIVATE KEY block");
  }
}
