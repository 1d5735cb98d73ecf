package io.xenia.hostdaemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.audit.AuditLog;
import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.hostdaemon.machine.IllegalTransitionException;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineStoreTest {
  @TempDir Path dir;

  @Test
  void recordsSurviveReopeningWithEveryField() throws Exception {
    Session s =
        TestSessions.session("s1")
            .withDeployment(
                Optional.of(
                    ImageRef.of(
                        "a".repeat(64),
                        URI.create("http://127.0.0.1/img"),
                        BootImage.Kind.DISK_RAW)),
                List.of("ssh-ed25519 AAAA k1", "ssh-ed25519 BBBB k2"));
    MachineRecord running;
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      MachineRecord r = store.register("m1");
      r = store.transition(r, MachineState.READY, Optional.empty());
      r = store.claim("m1", r.version(), s).orElseThrow();
      r = store.transition(r, MachineState.PROVISIONING, Optional.empty());
      r = store.transition(r, MachineState.RUNNING, Optional.empty());
      running =
          store.compareAndSet(
              r, r.withEndpoint(Optional.of(new Endpoint("127.0.0.1", 2222, "root"))));
      assertEquals(6, running.version());
    }
    try (MachineStore reopened = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      assertEquals(running, reopened.require("m1"));
    }
  }

  @Test
  void aStaleWriterLoses() {
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      MachineRecord v1 = store.register("m1");
      store.transition(v1, MachineState.READY, Optional.empty());
      ConcurrentUpdateException e =
          assertThrows(
              ConcurrentUpdateException.class,
              () -> store.transition(v1, MachineState.FAILED, Optional.of("x")));
      assertEquals(MachineState.READY, e.current().state());
      assertThrows(
          IllegalTransitionException.class,
          () -> store.transition(store.require("m1"), MachineState.RUNNING, Optional.empty()));
      assertEquals(2, store.require("m1").version(), "a refused transition writes nothing");
    }
  }

  @Test
  void manyConcurrentClaimsForOneMachineHaveExactlyOneWinner() throws Exception {
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      MachineRecord ready =
          store.transition(store.register("m1"), MachineState.READY, Optional.empty());
      int threads = 32;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<MachineRecord>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Session s = TestSessions.session("s" + i);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.claim("m1", ready.version(), s);
                }));
      }
      start.countDown();
      List<MachineRecord> winners = new ArrayList<>();
      for (Future<Optional<MachineRecord>> f : results) {
        f.get().ifPresent(winners::add);
      }
      pool.shutdown();
      assertEquals(1, winners.size());
      assertEquals(winners.get(0), store.require("m1"));
      assertEquals(MachineState.CLAIMED, store.require("m1").state());
    }
  }

  @Test
  void manyMachinesClaimedConcurrentlyAllPersist() throws Exception {
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      for (int i = 0; i < 20; i++) {
        store.transition(store.register("m" + i), MachineState.READY, Optional.empty());
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Optional<MachineRecord>>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "m" + i;
        results.add(pool.submit(() -> store.claim(id, 2, TestSessions.session("s-" + id))));
      }
      for (Future<Optional<MachineRecord>> f : results) {
        assertTrue(f.get().isPresent());
      }
      pool.shutdown();
    }
    try (MachineStore reopened = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      assertEquals(20, reopened.all().size());
      reopened.all().forEach(r -> assertEquals(MachineState.CLAIMED, r.state()));
    }
  }

  @Test
  void leftoverTemporaryFilesAreDiscardedAndTheOldRecordStands() throws Exception {
    MachineRecord ready;
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      ready = store.transition(store.register("m1"), MachineState.READY, Optional.empty());
    }
    // A write that died before its rename: a half-written temporary file.
    Path tmp = dir.resolve("m1.json.99.tmp");
    Files.writeString(tmp, "{\"format\":1,\"machi");
    try (MachineStore reopened = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      assertEquals(ready, reopened.require("m1"));
      assertFalse(Files.exists(tmp));
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() {
    try (MachineStore store = MachineStore.open(dir, Audit.NONE, Clock.systemUTC())) {
      StoreException e =
          assertThrows(
              StoreException.class, () -> MachineStore.open(dir, Audit.NONE, Clock.systemUTC()));
      assertTrue(e.getMessage().contains("another host-daemon"), e.getMessage());
    }
  }

  @Test
  void everyTransitionIsAudited() throws Exception {
    Path log = dir.resolve("audit.log");
    try (AuditLog audit = AuditLog.open(log, Clock.systemUTC());
        MachineStore store = MachineStore.open(dir.resolve("machines"), audit, Clock.systemUTC())) {
      MachineRecord r = store.register("m1");
      r = store.transition(r, MachineState.READY, Optional.empty());
      store.transition(r, MachineState.FAILED, Optional.of("disk gone"));
    }
    List<String> lines = Files.readAllLines(log);
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).contains("\"from\":\"ready\""), lines.get(2));
    assertTrue(lines.get(2).contains("\"reason\":\"disk gone\""), lines.get(2));
    assertTrue(AuditVerifier.verify(log).ok());
  }
}
