package io.xenia.broker.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V006 gives offers:read to the keys that existed before it, of the kinds that may hold it, once: a
 * customer's and an admin's key get it, a finance key does not, and a key that has it keeps one.
 */
class OffersReadMigrationTest {
  @Test
  void existingKeysOfCustomersOperatorsAndAdminsGetOffersRead() throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    String database = "offers_migration_" + UUID.randomUUID().toString().substring(0, 8);
    postgres.createDatabase(database);
    String url = postgres.jdbcUrl(database);
    Flyway.configure()
        .dataSource(url, postgres.user(), postgres.password())
        .locations("classpath:db/migration")
        .target("5")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
      UUID customer = account(c, "customer");
      UUID admin = account(c, "admin");
      UUID finance = account(c, "finance");
      UUID operator = account(c, "host-operator");
      UUID customerKey = key(c, customer, "accounts:read orders:read orders:write");
      UUID adminKey = key(c, admin, "accounts:read hosts:write");
      UUID financeKey = key(c, finance, "ledger:read");
      UUID operatorKey = key(c, operator, "hosts:read offers:read");

      Flyway.configure()
          .dataSource(url, postgres.user(), postgres.password())
          .locations("classpath:db/migration")
          .load()
          .migrate();

      assertEquals("accounts:read orders:read orders:write offers:read", scopes(c, customerKey));
      assertEquals("accounts:read hosts:write offers:read", scopes(c, adminKey));
      assertEquals("ledger:read", scopes(c, financeKey));
      assertEquals("hosts:read offers:read", scopes(c, operatorKey));
    }
  }

  private static UUID account(Connection c, String kind) throws Exception {
    UUID id = UUID.randomUUID();
    try (var s =
        c.prepareStatement(
            "INSERT INTO account (id, kind, name, contact_email, created_at)"
                + " VALUES (?, ?, 'n', 'n@example.com', now())")) {
      s.setObject(1, id);
      s.setString(2, kind);
      s.executeUpdate();
    }
    return id;
  }

  private static UUID key(Connection c, UUID account, String scopes) throws Exception {
    UUID id = UUID.randomUUID();
    try (var s =
        c.prepareStatement(
            "INSERT INTO api_key (id, account_id, name, secret_hash, scopes, created_at)"
                + " VALUES (?, ?, 'k', ?, ?, now())")) {
      s.setObject(1, id);
      s.setObject(2, account);
      s.setBytes(3, new byte[32]);
      s.setString(4, scopes);
      s.executeUpdate();
    }
    return id;
  }

  private static String scopes(Connection c, UUID key) throws Exception {
    try (var s = c.prepareStatement("SELECT scopes FROM api_key WHERE id = ?")) {
      s.setObject(1, key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
