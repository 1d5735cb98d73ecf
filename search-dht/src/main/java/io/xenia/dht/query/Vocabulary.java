package io.xenia.dht.query;

import java.util.Arrays;
import java.util.List;

/**
 * A query language's attribute names: the same grammar ({@link Query}) over different things.
 * {@link #OFFERS} is the market's (machines on offer, with proximity terms over network
 * coordinates); {@link #HOSTS} is the operators' fleet query over what hosts report in their
 * heartbeats (docs/fleet.md).
 */
public enum Vocabulary {
  OFFERS(true),
  HOSTS(false);

  private final boolean proximity;

  Vocabulary(boolean proximity) {
    this.proximity = proximity;
  }

  /** True if {@code near=} and {@code rtt(...)} are terms of this language. */
  public boolean hasProximity() {
    return proximity;
  }

  /** Its attributes, in declaration order. */
  public List<Attribute> attributes() {
    return Arrays.stream(Attribute.values()).filter(a -> a.vocabularies().contains(this)).toList();
  }
}
