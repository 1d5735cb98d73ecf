package io.xenia.hostdaemon.session;

import io.xenia.hostdaemon.driver.Limits;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.Resources;
import java.time.Instant;
import java.util.Optional;

/**
 * The agreement that replaces another when a running session changes: a fresh agreement id for the
 * same session, machine, customer, purchase order, price list and terms; resources with the new CPU
 * and memory (disk, network and GPUs as agreed); in force from the change; ending at the new lease
 * end. Usage records before the change name the old agreement, those after it the new one.
 */
public final class AgreementAmendment {
  private AgreementAmendment() {}

  /**
   * @param newAgreementId a fresh id ({@code agr-<uuid>}, like admission's)
   * @param at when the change takes effect (the new agreement's {@code notBefore})
   * @param leaseEnd the new end, or empty to keep the agreed one
   */
  public static Agreement amend(
      Agreement old, String newAgreementId, Limits limits, Instant at, Optional<Instant> leaseEnd) {
    Resources r = old.resources();
    LeaseEnd end = leaseEnd.<LeaseEnd>map(LeaseEnd.Fixed::new).orElse(old.end());
    return new Agreement(
        Agreement.VERSION,
        newAgreementId,
        old.sessionId(),
        old.hostId(),
        old.machineId(),
        old.customerAccountId(),
        old.customerPublicKey(),
        old.purchaseOrderId(),
        new Resources(
            limits.cpuCores(),
            limits.memoryMiB(),
            r.diskGiB(),
            r.networkMbps(),
            r.gpuCount(),
            r.gpuModel()),
        old.prices(),
        at,
        end,
        old.termsVersion());
  }
}
