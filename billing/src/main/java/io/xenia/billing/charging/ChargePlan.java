package io.xenia.billing.charging;

import java.util.List;

/**
 * What one batch does: the charges to post (in delivery order), the records to dead-letter and how
 * many were replays of records already charged.
 */
public record ChargePlan(List<PlannedCharge> charges, List<DeadLetter> deadLetters, int replays) {
  public ChargePlan {
    charges = List.copyOf(charges);
    deadLetters = List.copyOf(deadLetters);
  }
}
