package io.xenia.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

  @Test
  void encodesWithoutPadding() {
    assertEquals("", Base64Url.encode(new byte[0]));
    assertEquals("AA", Base64Url.encode(new byte[] {0}));
    assertEquals("AAA", Base64Url.encode(new byte[] {0, 0}));
    assertEquals("AAAA", Base64Url.encode(new byte[] {0, 0, 0}));
    assertEquals("-_8", Base64Url.encode(new byte[] {(byte) 0xfb, (byte) 0xff}));
  }

  @Test
  void roundTrips() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertArrayEquals(bytes, Base64Url.decode(Base64Url.encode(bytes)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"AA==", "AA=", "+/8", "A", "AAAAA", "AB", "AAB", " AA", "AA\n", "A A"})
  void refusesNonCanonicalText(String text) {
    assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(text));
  }
}
