package io.xenia.dht.index;

import io.xenia.dht.LookupStats;
import java.util.List;

/** Adds up what DHT calls cost when they run side by side (rounds and time are the longest). */
final class Costs {
  private Costs() {}

  static LookupStats parallel(List<LookupStats> calls) {
    LookupStats out = LookupStats.NONE;
    for (LookupStats s : calls) {
      out =
          new LookupStats(
              Math.max(out.rounds(), s.rounds()),
              out.messages() + s.messages(),
              out.contacted() + s.contacted(),
              out.failed() + s.failed(),
              Math.max(out.durationNanos(), s.durationNanos()));
    }
    return out;
  }
}
