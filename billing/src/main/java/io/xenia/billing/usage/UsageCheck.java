package io.xenia.billing.usage;

import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.UsageQuantities;
import io.xenia.protocol.records.UsageRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a verified usage record against the agreement it names. Pure.
 *
 * <p>The record must be the agreement's session's and its host's, and must start inside the lease.
 * A record that runs past a fixed lease end is charged only the machine time inside the lease: the
 * customer agreed to pay until then, and a host that keeps a machine on a little longer (the broker
 * ends it on its next sweep) cannot bill for it.
 */
public final class UsageCheck {
  private UsageCheck() {}

  /**
   * @return the quantities to rate: the record's, with machine time cut at a fixed lease end
   * @throws InvalidUsageException naming the first rule the record breaks
   */
  public static UsageQuantities billable(UsageRecord record, Agreement agreement)
      throws InvalidUsageException {
    if (!agreement.sessionId().equals(record.sessionId())) {
      throw new InvalidUsageException(
          DeadLetterReason.AGREEMENT_MISMATCH,
          "agreement "
              + agreement.agreementId()
              + " governs session "
              + agreement.sessionId()
              + ", not "
              + record.sessionId());
    }
    if (!agreement.hostId().equals(record.hostId())) {
      throw new InvalidUsageException(
          DeadLetterReason.AGREEMENT_MISMATCH,
          "record signed by host "
              + record.hostId()
              + "; agreement "
              + agreement.agreementId()
              + " is with host "
              + agreement.hostId());
    }
    if (record.intervalStart().isBefore(agreement.notBefore())) {
      throw new InvalidUsageException(
          DeadLetterReason.OUTSIDE_LEASE,
          "interval starts at "
              + record.intervalStart()
              + ", before the lease starts at "
              + agreement.notBefore());
    }
    UsageQuantities q = record.quantities();
    if (agreement.end() instanceof LeaseEnd.Fixed fixed) {
      Instant notAfter = fixed.notAfter();
      if (!record.intervalStart().isBefore(notAfter)) {
        throw new InvalidUsageException(
            DeadLetterReason.OUTSIDE_LEASE,
            "interval starts at "
                + record.intervalStart()
                + ", after the lease ended at "
                + notAfter);
      }
      long inside = Duration.between(record.intervalStart(), notAfter).toSeconds();
      if (q.machineSeconds() > inside) {
        q =
            new UsageQuantities(
                q.cpuSeconds(),
                q.memoryMiBSeconds(),
                q.networkEgressBytes(),
                q.networkIngressBytes(),
                inside);
      }
    }
    return q;
  }
}
