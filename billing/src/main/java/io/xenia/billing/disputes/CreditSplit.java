package io.xenia.billing.disputes;

/**
 * How a credit note's amount is taken back: from the host's payable and the platform's revenue in
 * the proportion the line's charge gave them (host share rounded down, so the platform carries the
 * rounding). Pure.
 *
 * @param hostShareMicros taken from the host operator's payable
 * @param feeShareMicros taken from the platform's revenue
 */
public record CreditSplit(long hostShareMicros, long feeShareMicros) {

  /**
   * Splits {@code amountMicros} of a line that charged {@code chargedMicros}, of which {@code
   * feeMicros} was the platform's fee.
   */
  public static CreditSplit of(long amountMicros, long chargedMicros, long feeMicros) {
    if (amountMicros <= 0 || chargedMicros <= 0 || amountMicros > chargedMicros) {
      throw new IllegalArgumentException(
          "a credit is positive and at most the line's charge: "
              + amountMicros
              + " of "
              + chargedMicros);
    }
    long hostPart = Math.max(0, Math.min(chargedMicros, chargedMicros - feeMicros));
    long host =
        java.math.BigInteger.valueOf(amountMicros)
            .multiply(java.math.BigInteger.valueOf(hostPart))
            .divide(java.math.BigInteger.valueOf(chargedMicros))
            .longValueExact();
    return new CreditSplit(host, amountMicros - host);
  }

  public long amountMicros() {
    return hostShareMicros + feeShareMicros;
  }
}
