package io.xenia.bench.hostdaemon;

import io.xenia.hostdaemon.audit.AuditLog;
import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * host-daemon core figures on this machine's disk: audit log appends/s (fsync per append), from one
 * thread and from four; audit verify entries/s; and full claim → release cycles/s through the
 * machine store (each transition audited and written atomically: fsync of file and directory).
 *
 * <p>{@code java -cp 'bench/target/lib/*:bench/target/xenia-bench.jar'
 * io.xenia.bench.hostdaemon.CoreBench [appends] [dir]}
 */
public final class CoreBench {
  public static void main(String[] args) throws Exception {
    int appends = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("hd-core-bench");
    Files.createDirectories(base);
    System.out.println("dir " + base.toAbsolutePath() + " (fsync costs depend on its file system)");

    Path log = base.resolve("audit-1.log");
    try (AuditLog audit = AuditLog.open(log, Clock.systemUTC())) {
      long t0 = System.nanoTime();
      for (int i = 0; i < appends; i++) {
        audit.append("bench", "m1", Map.of("i", Integer.toString(i)));
      }
      report("audit appends, 1 thread", appends, t0);
    }
    Path log4 = base.resolve("audit-4.log");
    try (AuditLog audit = AuditLog.open(log4, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < appends / 4; i++) {
                    audit.append("bench", "m1", Map.of("i", Integer.toString(i)));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      report("audit appends, 4 threads", appends / 4 * 4, t0);
      pool.shutdown();
    }
    long t0 = System.nanoTime();
    AuditVerifier.Result r = AuditVerifier.verify(log);
    report("audit verify (" + (r.ok() ? "ok" : "BROKEN") + ")", r.entries(), t0);

    int cycles = Math.max(50, appends / 50);
    Ed25519KeyPair customer = Ed25519KeyPair.generate(new SecureRandom());
    try (AuditLog audit = AuditLog.open(base.resolve("audit-store.log"), Clock.systemUTC());
        MachineStore store =
            MachineStore.open(base.resolve("machines"), audit, Clock.systemUTC())) {
      MachineRecord m =
          store.transition(store.register("m1"), MachineState.READY, Optional.empty());
      long s0 = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        Session s =
            new Session(
                "s" + i,
                "a" + i,
                "acct",
                customer.publicKey(),
                List.of("ssh-ed25519 AAAA bench"),
                new Limits(1, 512),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        m = store.claim("m1", m.version(), s).orElseThrow();
        m = store.transition(m, MachineState.RELEASING, Optional.of("bench"));
        m = store.transition(m, MachineState.READY, Optional.empty());
      }
      report("claim+release cycles (3 audited atomic writes each)", cycles, s0);
    }
  }

  private static void report(String what, long n, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%-55s %8d in %6.2f s = %9.0f /s%n", what, n, s, n / s);
  }
}
