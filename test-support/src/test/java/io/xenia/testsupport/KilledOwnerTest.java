package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of the servers of a JVM that is killed (SIGKILL: none of its shutdown hooks runs).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KilledOwnerTest {

  @Test
  void theBrokerStopsItselfAndTheNextStartStopsTheLeftoverPostmaster(
      @TempDir Path pgDir, @TempDir Path kafkaDir) throws Exception {
    ChildJvm owner = ChildJvm.startOwner(pgDir, kafkaDir);
    ProcessHandle broker = ProcessHandle.of(owner.pids.get("KAFKA-PID")).orElseThrow();
    ProcessHandle postmaster = ProcessHandle.of(owner.pids.get("POSTGRES-PID")).orElseThrow();
    assertTrue(broker.isAlive() && postmaster.isAlive());

    owner.process.destroyForcibly().waitFor();

    // The broker notices that its stdin closed and shuts itself down.
    assertTrue(Processes.awaitExit(broker, Duration.ofSeconds(90)), "the orphaned broker stopped");
    // PostgreSQL has no such watch: its postmaster outlives the owner, and the next start on the
    // same data stops it.
    assertTrue(Processes.isRunning(postmaster));
    try (PostgresServer pg = PostgresServer.builder().dataDirectory(pgDir).start();
        Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT 1")) {
      assertFalse(Processes.isRunning(postmaster));
      assertTrue(r.next());
      assertEquals(1, r.getInt(1));
    }
  }
}
