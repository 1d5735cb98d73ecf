package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PostgresServerTest {

  private static final PostgresServer PG = PostgresServer.shared();

  @Test
  void aFreshDatabaseIsCreatedAndQueriedOverJdbc() throws SQLException {
    String url = PG.createDatabase("pg_fresh");
    assertEquals("jdbc:postgresql://127.0.0.1:" + PG.port() + "/pg_fresh", url);

    try (Connection c = DriverManager.getConnection(url, PG.user(), PG.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE machine (id bigint PRIMARY KEY, name text NOT NULL)");
      s.execute("INSERT INTO machine VALUES (1, 'rack-a-01'), (2, 'rack-a-02')");
      try (ResultSet r =
          s.executeQuery(
              "SELECT current_database(), count(*), current_setting('server_version_num')::int,"
                  + " inet_server_addr()::text FROM machine")) {
        assertTrue(r.next());
        assertEquals("pg_fresh", r.getString(1));
        assertEquals(2, r.getLong(2));
        assertTrue(r.getInt(3) >= 150000, "PostgreSQL 15 or later");
        assertEquals("127.0.0.1/32", r.getString(4));
      }
    }
  }

  @Test
  void databasesAreIsolatedFromEachOther() throws SQLException {
    PG.createDatabase("pg_iso_a");
    PG.createDatabase("pg_iso_b");
    execute(PG.jdbcUrl("pg_iso_a"), "CREATE TABLE only_in_a (x int)");

    SQLException missing =
        assertThrows(
            SQLException.class, () -> execute(PG.jdbcUrl("pg_iso_b"), "SELECT * FROM only_in_a"));
    assertEquals("42P01", missing.getSQLState()); // undefined_table
  }

  @Test
  void creatingAnExistingDatabaseFailsAndDroppingMakesRoomAgain() throws SQLException {
    PG.createDatabase("pg_twice");
    try (Connection open = DriverManager.getConnection(PG.jdbcUrl("pg_twice"), PG.user(), "")) {
      assertThrows(IllegalStateException.class, () -> PG.createDatabase("pg_twice"));
      PG.dropDatabase("pg_twice"); // even with a session open: that session is terminated
      assertFalse(open.isValid(5));
    }
    PG.createDatabase("pg_twice");
  }

  @Test
  void databaseNamesAreCheckedBeforeReachingSql() {
    assertThrows(IllegalArgumentException.class, () -> PG.createDatabase("x; DROP DATABASE y"));
    assertThrows(IllegalArgumentException.class, () -> PG.createDatabase("Upper"));
    assertThrows(IllegalArgumentException.class, () -> PG.jdbcUrl("1abc"));
  }

  @Test
  void theSharedServerIsOnePerJvmAndIgnoresClose() {
    assertTrue(PG == PostgresServer.shared());
    PG.close();
    assertEquals("127.0.0.1", PG.host());
    assertTrue(Loopback.accepts(PG.port()));
    assertTrue(Files.isRegularFile(PG.logFile()));
  }

  static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, PG.user(), PG.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
