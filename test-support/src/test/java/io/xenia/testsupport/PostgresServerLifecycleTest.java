package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PostgresServerLifecycleTest {

  @Test
  void aPersistentDataDirectoryKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    long firstPostmaster;
    try (PostgresServer pg = PostgresServer.builder().dataDirectory(dir).start()) {
      pg.createDatabase("launcher");
      query(
          pg, "launcher", "CREATE TABLE lease (id int PRIMARY KEY); INSERT INTO lease VALUES (42)");
      firstPostmaster = postmasterPid(dir);
    }
    assertFalse(ProcessHandle.of(firstPostmaster).map(Processes::isRunning).orElse(false));
    assertTrue(Files.isDirectory(dir.resolve("pgdata")), "a persistent directory is kept");

    try (PostgresServer pg = PostgresServer.builder().dataDirectory(dir).start()) {
      assertEquals("42", query(pg, "launcher", "SELECT id FROM lease"));
      assertTrue(Files.size(pg.logFile()) > 0);
    }
  }

  @Test
  void aDataDirectoryServesOneServerAtATime(@TempDir Path dir) {
    try (PostgresServer pg = PostgresServer.builder().dataDirectory(dir).start()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> PostgresServer.builder().dataDirectory(dir).start());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertTrue(Loopback.accepts(pg.port()));
    }
  }

  @Test
  void closingATemporaryServerLeavesNoProcessAndNoFiles() throws IOException {
    PostgresServer pg = PostgresServer.builder().start();
    Path dir = pg.dataDirectory();
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid(dir)).orElseThrow();
    assertTrue(postmaster.isAlive());

    pg.close();

    assertFalse(Processes.isRunning(postmaster));
    assertFalse(Files.exists(dir), "the temporary directory is deleted");
    pg.close(); // idempotent
  }

  @Test
  void aServerThatCannotStartFailsWithTheTailOfItsLog() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                PostgresServer.builder()
                    .serverParameter("max_connections", "plenty")
                    .startupTimeout(Duration.ofSeconds(5))
                    .start());
    assertTrue(e.getMessage().contains("max_connections"), e.getMessage());
  }

  private static long postmasterPid(Path dir) throws IOException {
    return Long.parseLong(Files.readAllLines(dir.resolve("pgdata/postmaster.pid")).get(0).trim());
  }

  /** Runs {@code sql} in database {@code db}; returns the first column of its first row, if any. */
  private static String query(PostgresServer pg, String db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
        Statement s = c.createStatement()) {
      boolean hasResult = s.execute(sql);
      if (!hasResult) {
        return null;
      }
      try (ResultSet r = s.getResultSet()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }
}
