package io.xenia.billing.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing's schema: checks that the broker's side of the contract is there (its migration V014),
 * then applies billing's own migrations ({@code db/billing}) to the schema {@code billing}, with
 * their own history table, so the broker's and billing's migrations never meet.
 */
public final class BillingSchema {
  private static final Logger LOG = LoggerFactory.getLogger(BillingSchema.class);

  /** The broker table billing cannot start without (broker V014, "the billing contract"). */
  static final String CONTRACT_TABLE = "public.session_agreement";

  private BillingSchema() {}

  public static void migrate(DatabaseConfig db) {
    requireBrokerContract(db);
    var result =
        Flyway.configure()
            .dataSource(db.url(), db.user(), db.password())
            .schemas("billing")
            .defaultSchema("billing")
            .locations("classpath:db/billing")
            .load()
            .migrate();
    LOG.info(
        "billing schema at version {} ({} migrations applied now)",
        result.targetSchemaVersion == null
            ? result.initialSchemaVersion
            : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  private static void requireBrokerContract(DatabaseConfig db) {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        var s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, CONTRACT_TABLE);
      try (var rs = s.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException(
              "the database has no "
                  + CONTRACT_TABLE
                  + ": start the broker (migration V014 or later) against it before billing");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database at " + db.url(), e);
    }
  }
}
