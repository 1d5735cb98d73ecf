package io.xenia.billing.journal;

/** A locked row of the broker's {@code public.ledger_account}: its id, balance and floor. */
public record LedgerAccount(java.util.UUID id, long balanceMicros, Long floorMicros) {
  /** How much may leave it before its floor (unbounded for a floorless account). */
  public long spendableMicros() {
    return floorMicros == null ? Long.MAX_VALUE : balanceMicros - floorMicros;
  }
}
