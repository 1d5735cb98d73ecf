package io.xenia.protocol.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The field rules are character tables for speed; the regular expressions they replaced are the
 * reference they must agree with, on random strings over an alphabet of every character class the
 * rules tell apart (and a few they must refuse).
 */
class RecordChecksTest {
  private static final String ALPHABET = "aAzZ09bhjkmnpyxilo.-_:/+@ é\u0000-";

  @Test
  void identifiers() {
    agree(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}"), RecordChecks::id, 140);
  }

  @Test
  void fingerprints() {
    agree(Pattern.compile("[0-9a-f]{64}"), RecordChecks::fingerprint, 66, "0123456789abcdefA");
  }

  @Test
  void slugs() {
    agree(Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*"), RecordChecks::slug, 64, "az09--A_");
  }

  @Test
  void geohashes() {
    agree(Pattern.compile("[0-9b-hjkmnp-z]{1,12}"), RecordChecks::geohash, 14);
  }

  @Test
  void tokens() {
    agree(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+@-]{0,127}"), RecordChecks::token, 140);
  }

  private static void agree(
      Pattern reference, BiFunction<String, String, String> rule, int maxLength) {
    agree(reference, rule, maxLength, ALPHABET);
  }

  private static void agree(
      Pattern reference, BiFunction<String, String, String> rule, int maxLength, String alphabet) {
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < 50_000; i++) {
      // Mostly short strings, where the edge cases are, and some up to past the length limit.
      int length = random.nextInt(4) == 0 ? random.nextInt(maxLength + 1) : random.nextInt(6);
      StringBuilder s = new StringBuilder();
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = s.toString();
      boolean accepted;
      try {
        rule.apply(value, "field");
        accepted = true;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      assertEquals(reference.matcher(value).matches(), accepted, '"' + value + '"');
    }
  }
}
