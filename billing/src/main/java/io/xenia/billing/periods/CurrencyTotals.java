package io.xenia.billing.periods;

/**
 * A closed period's figures in one currency, in micro-units: what usage was worth, what was charged
 * of it, the platform's fees, what hosts are owed, and what no purchase order paid (overruns).
 */
public record CurrencyTotals(
    String currency,
    long records,
    long ratedMicros,
    long chargedMicros,
    long feeMicros,
    long hostPayableMicros,
    long unchargedMicros) {}
