package io.xenia.dht.query;

/**
 * Glob matching where {@code *} stands for any run of characters (including none) and every other
 * character matches only itself. Deliberately not a regex: region names contain dots and the index
 * must never interpret them.
 */
final class Glob {
  private Glob() {}

  /** True if {@code text} matches {@code glob} as a whole. */
  static boolean matches(String glob, String text) {
    int g = 0;
    int t = 0;
    int starG = -1;
    int starT = 0;
    while (t < text.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        starG = g++;
        starT = t;
      } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
        g++;
        t++;
      } else if (starG >= 0) {
        // Let the last star swallow one more character and retry; linear backtracking suffices
        // because only the most recent star ever needs to grow.
        g = starG + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
