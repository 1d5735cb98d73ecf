package io.xenia.dht.query;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code attribute=glob} or, when negated, {@code attribute!=glob}, where {@code *} in the glob
 * matches any run of characters. Only attributes that {@link Attribute#allowsGlobs() allow globs}
 * take one.
 */
public record Matches(Attribute attribute, String glob, boolean negated) implements Predicate {
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.:/+*-]*\\*[A-Za-z0-9_.:/+*-]*");

  /** The glob must contain a star and only bare-word characters, so that it prints unquoted. */
  public Matches {
    Objects.requireNonNull(attribute, "attribute");
    if (!attribute.allowsGlobs()) {
      throw new IllegalArgumentException(attribute.id() + " does not allow wildcards");
    }
    if (!GLOB.matcher(glob).matches()) {
      throw new IllegalArgumentException("not a glob: " + glob);
    }
  }

  @Override
  public boolean accepts(Object candidate) {
    return Glob.matches(glob, Candidates.word(attribute, candidate)) != negated;
  }

  @Override
  public String toString() {
    return attribute.id() + (negated ? "!=" : "=") + glob;
  }
}
