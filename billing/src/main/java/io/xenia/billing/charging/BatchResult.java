package io.xenia.billing.charging;

import java.util.List;

/**
 * What a batch did, once committed: records charged (fully or in part), replays skipped, records
 * dead-lettered and records with an overrun.
 */
public record BatchResult(int charged, int replays, List<DeadLetter> deadLetters, int overruns) {
  public BatchResult {
    deadLetters = List.copyOf(deadLetters);
  }

  /** This and {@code other} together (a group charged in several transactions). */
  public BatchResult plus(BatchResult other) {
    List<DeadLetter> dead = new java.util.ArrayList<>(deadLetters);
    dead.addAll(other.deadLetters);
    return new BatchResult(
        charged + other.charged, replays + other.replays, dead, overruns + other.overruns);
  }
}
