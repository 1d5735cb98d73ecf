package io.xenia.hostdaemon.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.audit.AuditLog;
import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.Signed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionTest {
  @TempDir Path dir;
  final Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
  final InventoryMachine m1 = TestMachines.machine("m1");

  private AdmissionRequest request(String sessionId) {
    return new AdmissionRequest(
        "m1",
        TestMachines.TOTAL,
        Money.parse("EUR", "0.40"),
        Optional.of(Duration.ofHours(1)),
        "acct-1",
        TestSessions.CUSTOMER.publicKey(),
        sessionId,
        "po-1",
        "2026-11-01");
  }

  @Test
  void anAdmissionClaimsTheMachineAndReturnsAHostSignedAgreement() throws Exception {
    try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
        MachineStore store = MachineStore.open(dir.resolve("m"), audit, Clock.systemUTC())) {
      store.transition(store.register("m1"), MachineState.READY, Optional.empty());
      Admission admission =
          new Admission(
              id -> id.equals("m1") ? Optional.of(m1) : Optional.empty(),
              OperatorPolicy.open(),
              store,
              hostKey,
              Clock.systemUTC(),
              audit);
      AdmissionDecision.Admitted a =
          assertInstanceOf(AdmissionDecision.Admitted.class, admission.admit(request("s1")));
      Signed<Agreement> opened = a.envelope().open(Agreement.TYPE);
      opened.requireSignedBy(hostKey.publicKey());
      opened.requireSignerWithFingerprint(opened.record().hostId());
      assertEquals("s1", opened.record().sessionId());
      assertEquals(MachineState.CLAIMED, store.require("m1").state());
      assertEquals(Optional.of(a.envelope()), store.require("m1").requireSession().agreement());
      assertTrue(
          store
              .require("m1")
              .requireSession()
              .sshPublicKeys()
              .get(0)
              .startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));

      AdmissionDecision.Refused again =
          assertInstanceOf(AdmissionDecision.Refused.class, admission.admit(request("s2")));
      assertEquals("machine-not-ready", again.reason().code());
      List<String> log = Files.readAllLines(dir.resolve("audit.log"));
      assertTrue(log.get(log.size() - 1).contains("\"reason\":\"machine-not-ready\""));
      assertTrue(AuditVerifier.verify(dir.resolve("audit.log")).ok());
    }
  }

  @Test
  void twoBrokersRacingForOneMachineGetExactlyOneAgreement() throws Exception {
    try (MachineStore store =
        MachineStore.open(dir, io.xenia.hostdaemon.audit.Audit.NONE, Clock.systemUTC())) {
      for (int round = 0; round < 20; round++) {
        String id = "m1";
        var r = store.get(id).orElseGet(() -> store.register(id));
        if (r.state() == MachineState.NEW) {
          r = store.transition(r, MachineState.READY, Optional.empty());
        } else {
          // back to ready for the next round: claimed -> releasing -> ready
          r = store.transition(r, MachineState.RELEASING, Optional.empty());
          r = store.transition(r, MachineState.READY, Optional.empty());
        }
        Admission admission =
            new Admission(
                x -> Optional.of(m1),
                OperatorPolicy.open(),
                store,
                hostKey,
                Clock.systemUTC(),
                io.xenia.hostdaemon.audit.Audit.NONE);
        ExecutorService brokers = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AdmissionDecision>> results = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
          String session = "r" + round + "-b" + b;
          results.add(
              brokers.submit(
                  () -> {
                    go.await();
                    return admission.admit(request(session));
                  }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<AdmissionDecision> f : results) {
          AdmissionDecision d = f.get();
          if (d instanceof AdmissionDecision.Admitted) {
            admitted++;
          } else {
            String code = ((AdmissionDecision.Refused) d).reason().code();
            assertTrue(code.equals("machine-taken") || code.equals("machine-not-ready"), code);
          }
        }
        brokers.shutdown();
        assertEquals(1, admitted, "round " + round);
      }
    }
  }
}
