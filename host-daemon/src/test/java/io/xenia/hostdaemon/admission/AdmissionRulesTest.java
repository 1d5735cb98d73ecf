package io.xenia.hostdaemon.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionRulesTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final InventoryMachine M1 = TestMachines.machine("m1");
  static final MachineRecord READY =
      MachineRecord.fresh("m1", NOW).moveTo(MachineState.READY, Optional.empty(), NOW);

  static AdmissionRequest request(String price, Resources asked, Duration d, String customer) {
    return new AdmissionRequest(
        "m1",
        asked,
        Money.parse("EUR", price),
        Optional.ofNullable(d),
        customer,
        TestSessions.CUSTOMER.publicKey(),
        "s1",
        "po-1",
        "2026-11-01");
  }

  static AdmissionRequest ok() {
    return request("0.50", TestMachines.TOTAL, Duration.ofHours(2), "acct-1");
  }

  static Optional<RefusalReason> decide(AdmissionRequest r, MachineRecord rec, OperatorPolicy p) {
    return AdmissionRules.check(r, Optional.of(M1), Optional.of(rec), p, NOW)
        .map(AdmissionDecision.Refused::reason);
  }

  @Test
  void aFittingRequestAtListPriceIsAdmitted() {
    assertEquals(Optional.empty(), decide(ok(), READY, OperatorPolicy.open()));
    assertEquals(
        Optional.empty(),
        decide(
            request("0.40", new Resources(1, 512, 1, 10, 0, ""), null, "acct-1"),
            READY,
            OperatorPolicy.open()));
  }

  @Test
  void capacity() {
    assertEquals(
        Optional.of(RefusalReason.UNKNOWN_MACHINE),
        AdmissionRules.check(ok(), Optional.empty(), Optional.empty(), OperatorPolicy.open(), NOW)
            .map(AdmissionDecision.Refused::reason));
    MachineRecord claimed =
        READY
            .withSession(Optional.of(TestSessions.session("other")))
            .moveTo(MachineState.CLAIMED, Optional.empty(), NOW);
    assertEquals(
        Optional.of(RefusalReason.MACHINE_NOT_READY), decide(ok(), claimed, OperatorPolicy.open()));
    assertEquals(
        Optional.of(RefusalReason.RESOURCES_DO_NOT_FIT),
        decide(
            request("0.50", new Resources(8, 1024, 1, 1, 0, ""), null, "acct-1"),
            READY,
            OperatorPolicy.open()));
  }

  @Test
  void price() {
    assertEquals(
        Optional.of(RefusalReason.PRICE_TOO_LOW),
        decide(request("0.39", TestMachines.TOTAL, null, "a"), READY, OperatorPolicy.open()));
    OperatorPolicy floor =
        new OperatorPolicy(Optional.of(Money.parse("EUR", "1.00")), Set.of(), Set.of(), List.of());
    assertEquals(Optional.of(RefusalReason.PRICE_TOO_LOW), decide(ok(), READY, floor));
    AdmissionRequest usd =
        new AdmissionRequest(
            "m1",
            TestMachines.TOTAL,
            Money.parse("USD", "9.00"),
            Optional.empty(),
            "a",
            TestSessions.CUSTOMER.publicKey(),
            "s1",
            "po",
            "t");
    assertEquals(
        Optional.of(RefusalReason.CURRENCY_MISMATCH), decide(usd, READY, OperatorPolicy.open()));
  }

  @Test
  void customers() {
    OperatorPolicy blocked =
        new OperatorPolicy(Optional.empty(), Set.of(), Set.of("acct-1"), List.of());
    assertEquals(Optional.of(RefusalReason.CUSTOMER_BLOCKED), decide(ok(), READY, blocked));
    OperatorPolicy allowOnly =
        new OperatorPolicy(Optional.empty(), Set.of("acct-2"), Set.of(), List.of());
    assertEquals(Optional.of(RefusalReason.CUSTOMER_NOT_ALLOWED), decide(ok(), READY, allowOnly));
  }

  @Test
  void maintenanceWindows() {
    OperatorPolicy tonight =
        new OperatorPolicy(
            Optional.empty(),
            Set.of(),
            Set.of(),
            List.of(
                new MaintenanceWindow(
                    NOW.plus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(5)))));
    assertEquals(Optional.empty(), decide(ok(), READY, tonight), "2 h ends before the window");
    assertEquals(
        Optional.of(RefusalReason.MAINTENANCE_WINDOW),
        decide(request("0.50", TestMachines.TOTAL, Duration.ofHours(4), "a"), READY, tonight));
    assertEquals(
        Optional.of(RefusalReason.MAINTENANCE_WINDOW),
        decide(request("0.50", TestMachines.TOTAL, null, "a"), READY, tonight),
        "open-ended leases overlap every future window");
  }
}
