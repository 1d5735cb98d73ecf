package io.xenia.protocol.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Random value trees for property tests, biased towards awkward strings and integers. */
final class RandomValues {
  private static final String[] ATOMS = {
    "",
    "a",
    "A",
    "\u00e9",
    "\u20ac",
    "\ud83d\ude00",
    "\ufb33",
    "\u0000",
    "\u001f",
    "\"",
    "\\",
    "/",
    "\n",
    "\u007f",
    "\u2028",
    "\ud800\udc00",
    "\r\n",
    "\t",
    "key",
    "\u0080"
  };

  private final SplittableRandom random;

  RandomValues(long seed) {
    this.random = new SplittableRandom(seed);
  }

  CanonicalValue next(int depth) {
    int kind = depth >= 4 ? random.nextInt(3) : random.nextInt(5);
    return switch (kind) {
      case 0 -> CanonicalValue.of(string());
      case 1 -> CanonicalValue.of(integer());
      case 2 -> CanonicalValue.of(random.nextBoolean());
      case 3 -> {
        List<CanonicalValue> elements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          elements.add(next(depth + 1));
        }
        yield new CanonicalArray(elements);
      }
      default -> {
        TreeMap<String, CanonicalValue> members = new TreeMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          members.put(string(), next(depth + 1));
        }
        yield new CanonicalObject(members);
      }
    };
  }

  String string() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      s.append(ATOMS[random.nextInt(ATOMS.length)]);
    }
    return s.toString();
  }

  long integer() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextLong(-10, 10);
      case 1 -> CanonicalInteger.MAX_SAFE * (random.nextBoolean() ? 1 : -1);
      default -> random.nextLong(-CanonicalInteger.MAX_SAFE, CanonicalInteger.MAX_SAFE + 1);
    };
  }
}
