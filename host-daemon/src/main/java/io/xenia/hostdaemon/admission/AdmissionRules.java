package io.xenia.hostdaemon.admission;

import io.xenia.hostdaemon.admission.AdmissionDecision.Refused;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import java.time.Instant;
import java.util.Optional;

/**
 * The admission decision as pure code: capacity first (machine known, ready, resources fit), then
 * price, then the operator's customer lists and maintenance windows. The first failed check is the
 * refusal.
 */
public final class AdmissionRules {
  private AdmissionRules() {}

  /** The refusal, or empty if the request may claim the machine. */
  public static Optional<Refused> check(
      AdmissionRequest request,
      Optional<InventoryMachine> machine,
      Optional<MachineRecord> record,
      OperatorPolicy policy,
      Instant now) {
    if (machine.isEmpty() || record.isEmpty()) {
      return refuse(RefusalReason.UNKNOWN_MACHINE, "no machine " + request.machineId());
    }
    MachineRecord r = record.get();
    if (r.state() != MachineState.READY) {
      return refuse(
          RefusalReason.MACHINE_NOT_READY,
          "machine " + request.machineId() + " is " + r.state().wireName());
    }
    Resources total = machine.get().spec().declared().resources();
    Resources asked = request.requested();
    if (asked.cpuCores() < 1 || asked.memoryMiB() < 1) {
      return refuse(RefusalReason.INVALID_REQUEST, "at least 1 CPU core and 1 MiB must be asked");
    }
    if (!asked.fitsWithin(total)) {
      return refuse(
          RefusalReason.RESOURCES_DO_NOT_FIT, "asked " + asked + " but the machine has " + total);
    }
    Money offer = request.offeredPerHour();
    Money list = machine.get().prices().perHour();
    if (!offer.currency().equals(list.currency())) {
      return refuse(
          RefusalReason.CURRENCY_MISMATCH,
          "offer in " + offer.currency() + ", prices in " + list.currency());
    }
    if (offer.compareTo(list) < 0) {
      return refuse(RefusalReason.PRICE_TOO_LOW, "offer " + offer + " below list price " + list);
    }
    if (policy.minimumPricePerHour().isPresent()) {
      Money min = policy.minimumPricePerHour().get();
      if (!min.currency().equals(offer.currency())) {
        return refuse(
            RefusalReason.CURRENCY_MISMATCH,
            "offer in " + offer.currency() + ", operator minimum in " + min.currency());
      }
      if (offer.compareTo(min) < 0) {
        return refuse(
            RefusalReason.PRICE_TOO_LOW, "offer " + offer + " below operator minimum " + min);
      }
    }
    String customer = request.customerAccountId();
    if (policy.blockedCustomers().contains(customer)) {
      return refuse(RefusalReason.CUSTOMER_BLOCKED, "customer " + customer + " is blocked");
    }
    if (!policy.allowedCustomers().isEmpty() && !policy.allowedCustomers().contains(customer)) {
      return refuse(
          RefusalReason.CUSTOMER_NOT_ALLOWED, "customer " + customer + " is not on the allow list");
    }
    Instant end = request.duration().map(now::plus).orElse(null);
    for (MaintenanceWindow w : policy.maintenanceWindows()) {
      if (w.overlaps(now, end)) {
        return refuse(
            RefusalReason.MAINTENANCE_WINDOW,
            "the lease would overlap maintenance " + w.start() + " .. " + w.end());
      }
    }
    return Optional.empty();
  }

  private static Optional<Refused> refuse(RefusalReason reason, String detail) {
    return Optional.of(new Refused(reason, detail));
  }
}
