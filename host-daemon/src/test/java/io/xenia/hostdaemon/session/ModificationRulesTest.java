package io.xenia.hostdaemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.admission.MaintenanceWindow;
import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.session.ModificationDecision.Refused;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks on a change to a running session, and the amended agreement: pure, no IO. */
class ModificationRulesTest {
  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant NOW = START.plus(Duration.ofMinutes(10));
  private static final Instant END = START.plus(Duration.ofHours(1));
  private static final Resources DECLARED = TestMachines.TOTAL; // 4 cores, 4096 MiB

  private static Agreement agreement(Instant notBefore, LeaseEnd end) {
    return new Agreement(
        1,
        "agr-1",
        "s1",
        "a".repeat(64),
        "m1",
        "acct-1",
        TestSessions.CUSTOMER.publicKey(),
        "po-7",
        new Resources(2, 1024, 10, 1000, 0, ""),
        PriceList.hourly(Money.parse("EUR", "0.40")),
        notBefore,
        end,
        "2026-11-01");
  }

  private static MachineRecord record(MachineState state) {
    return new MachineRecord(
        "m1",
        5,
        state,
        Optional.empty(),
        Optional.of(TestSessions.session("s1")),
        Optional.empty(),
        Optional.empty(),
        START);
  }

  private static SessionChange change(Instant end, Integer cpus, Long mib) {
    return new SessionChange(
        Optional.ofNullable(end), Optional.ofNullable(cpus), Optional.ofNullable(mib));
  }

  private static Optional<Refused> check(SessionChange c, OperatorPolicy policy) {
    return ModificationRules.check(
        c,
        record(MachineState.RUNNING),
        agreement(START, new LeaseEnd.Fixed(END)),
        DECLARED,
        policy,
        NOW);
  }

  private static void refused(ModificationRefusal reason, Optional<Refused> r, String inDetail) {
    assertTrue(r.isPresent(), "expected " + reason);
    assertEquals(reason, r.get().reason(), r.get().detail());
    assertTrue(r.get().detail().contains(inDetail), r.get().detail());
  }

  @Test
  void aRunningSessionMayBeResizedUpToTheMachineAndExtended() {
    assertEquals(
        Optional.empty(), check(change(END.plusSeconds(3600), 4, 4096L), OperatorPolicy.open()));
    assertEquals(Optional.empty(), check(change(null, 1, 1L), OperatorPolicy.open()));
    assertEquals(
        Optional.empty(), check(change(NOW.plusMillis(1), null, null), OperatorPolicy.open()));
  }

  @Test
  void onlyARunningSessionWithItsLeaseLeftMayChange() {
    for (MachineState s :
        List.of(MachineState.CLAIMED, MachineState.PROVISIONING, MachineState.RELEASING)) {
      refused(
          ModificationRefusal.SESSION_NOT_RUNNING,
          ModificationRules.check(
              change(null, 1, null),
              record(s),
              agreement(START, new LeaseEnd.Fixed(END)),
              DECLARED,
              OperatorPolicy.open(),
              NOW),
          "is " + s.wireName());
    }
    refused(
        ModificationRefusal.SESSION_NOT_RUNNING,
        ModificationRules.check(
            change(null, 1, null),
            record(MachineState.RUNNING),
            agreement(START, new LeaseEnd.Fixed(END)),
            DECLARED,
            OperatorPolicy.open(),
            END),
        "ended");
  }

  @Test
  void limitsMustBeAtLeastOneAndFitTheDeclaredMachine() {
    OperatorPolicy open = OperatorPolicy.open();
    refused(ModificationRefusal.INVALID_REQUEST, check(change(null, 0, null), open), "cpus");
    refused(ModificationRefusal.INVALID_REQUEST, check(change(null, null, 0L), open), "memoryMib");
    refused(ModificationRefusal.RESOURCES_DO_NOT_FIT, check(change(null, 5, null), open), "has 4");
    refused(
        ModificationRefusal.RESOURCES_DO_NOT_FIT, check(change(null, null, 4097L), open), "4096");
    refused(ModificationRefusal.INVALID_REQUEST, check(change(null, null, null), open), "nothing");
  }

  @Test
  void theLeaseEndMustBeAfterNowAndAfterTheAgreementsStart() {
    OperatorPolicy open = OperatorPolicy.open();
    refused(ModificationRefusal.LEASE_END_INVALID, check(change(NOW, null, null), open), "now");
    refused(
        ModificationRefusal.LEASE_END_INVALID,
        check(change(NOW.minusSeconds(1), null, null), open),
        "not after now");
    Instant future = NOW.plus(Duration.ofHours(2)); // an agreement that starts later
    refused(
        ModificationRefusal.LEASE_END_INVALID,
        ModificationRules.check(
            change(NOW.plus(Duration.ofHours(1)), null, null),
            record(MachineState.RUNNING),
            agreement(future, new LeaseEnd.Fixed(future.plusSeconds(60))),
            DECLARED,
            open,
            NOW),
        "agreement's start");
  }

  @Test
  void anExtensionMustNotRunIntoAMaintenanceWindowButAShorterLeaseMay() {
    Instant windowStart = END.plus(Duration.ofHours(2));
    OperatorPolicy policy =
        new OperatorPolicy(
            Optional.empty(),
            Set.of(),
            Set.of(),
            List.of(new MaintenanceWindow(windowStart, windowStart.plus(Duration.ofHours(4)))));
    refused(
        ModificationRefusal.MAINTENANCE_WINDOW,
        check(change(windowStart.plusSeconds(1), null, null), policy),
        windowStart.toString());
    assertEquals(Optional.empty(), check(change(windowStart, null, null), policy)); // [start, end)
    // A window over the lease as agreed (declared after admission): shortening is allowed.
    OperatorPolicy over =
        new OperatorPolicy(
            Optional.empty(),
            Set.of(),
            Set.of(),
            List.of(new MaintenanceWindow(NOW.plusSeconds(60), END.plusSeconds(60))));
    assertEquals(Optional.empty(), check(change(NOW.plusSeconds(120), null, null), over));
    assertEquals(Optional.empty(), check(change(null, 3, null), over)); // resize only
    refused(
        ModificationRefusal.MAINTENANCE_WINDOW,
        check(change(END.plusSeconds(1), null, null), over),
        "maintenance");
  }

  @Test
  void theRefusalCodesAreTheDocumentedWireCodes() {
    // docs/host-daemon.md, "Modifying a session": brokers match on these; renaming one breaks them.
    assertEquals(
        Set.of(
            "invalid-request",
            "session-not-running",
            "resources-do-not-fit",
            "lease-end-invalid",
            "maintenance-window",
            "unsupported",
            "resize-failed",
            "session-changed"),
        java.util.Arrays.stream(ModificationRefusal.values())
            .map(ModificationRefusal::code)
            .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void theAmendedAgreementKeepsWhoAndWhatAndChangesLimitsStartAndEnd() {
    Agreement old = agreement(START, new LeaseEnd.Fixed(END));
    Instant newEnd = END.plus(Duration.ofHours(5));
    Agreement a =
        AgreementAmendment.amend(old, "agr-2", new Limits(3, 2048), NOW, Optional.of(newEnd));
    assertEquals("agr-2", a.agreementId());
    assertNotEquals(old.agreementId(), a.agreementId());
    assertEquals(old.sessionId(), a.sessionId());
    assertEquals(old.hostId(), a.hostId());
    assertEquals(old.machineId(), a.machineId());
    assertEquals(old.customerAccountId(), a.customerAccountId());
    assertEquals(old.customerPublicKey(), a.customerPublicKey());
    assertEquals(old.purchaseOrderId(), a.purchaseOrderId());
    assertEquals(old.prices(), a.prices());
    assertEquals(old.termsVersion(), a.termsVersion());
    assertEquals(new Resources(3, 2048, 10, 1000, 0, ""), a.resources());
    assertEquals(NOW, a.notBefore());
    assertEquals(new LeaseEnd.Fixed(newEnd), a.end());
    // A resize keeps the agreed end, open-ended too.
    Agreement open = agreement(START, new LeaseEnd.OpenEnded());
    assertEquals(
        new LeaseEnd.OpenEnded(),
        AgreementAmendment.amend(open, "agr-3", new Limits(1, 1), NOW, Optional.empty()).end());
    // Round trip through the wire form.
    assertEquals(a, Agreement.fromCanonical(a.toCanonical()));
  }
}
