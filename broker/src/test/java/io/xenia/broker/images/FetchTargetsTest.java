package io.xenia.broker.images;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The broker refuses to fetch image URLs that point into private networks (literal addresses: no
 * DNS).
 */
class FetchTargetsTest {
  private final FetchTargets publicOnly = new FetchTargets(false);

  @Test
  void privateLoopbackLinkLocalAndMetadataAddressesAreRefused() {
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/x.img",
          "http://10.1.2.3/x.img",
          "http://172.16.0.1/x.img",
          "http://192.168.1.1/x.img",
          "http://169.254.169.254/latest/meta-data/",
          "http://100.100.100.200/x",
          "http://0.0.0.0/x",
          "http://[::1]/x",
          "http://[fd00::1]/x",
          "http://[fe80::1]/x",
          "http://[::ffff:127.0.0.1]/x"
        }) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> publicOnly.check(URI.create(url)), url);
      assertTrue(e.getMessage().startsWith("fetch-refused: "), e.getMessage());
    }
  }

  @Test
  void publicAddressesAndAnyAddressWhenAllowedPass() {
    assertDoesNotThrow(() -> publicOnly.check(URI.create("https://93.184.216.34/disk.img")));
    assertDoesNotThrow(() -> publicOnly.check(URI.create("https://[2606:4700::1]/disk.img")));
    assertDoesNotThrow(() -> new FetchTargets(true).check(URI.create("http://127.0.0.1/x")));
  }
}
