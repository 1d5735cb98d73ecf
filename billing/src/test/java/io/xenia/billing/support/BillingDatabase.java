package io.xenia.billing.support;

import io.xenia.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * A fresh database on the shared test PostgreSQL with the broker's schema in it, as billing finds
 * it in production (billing runs against the broker's database; docs/billing.md).
 *
 * <p>Test-only coupling: the broker's migrations are applied from the broker module's source tree
 * ({@code filesystem:../broker/src/main/resources/db/migration}, relative to billing/, where
 * Surefire runs), because billing must not depend on the broker module. Billing's own migrations
 * are applied by billing itself when its pool starts.
 */
public final class BillingDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  static final String BROKER_MIGRATIONS = "filesystem:../broker/src/main/resources/db/migration";

  private final PostgresServer server;
  private final String url;

  private BillingDatabase(PostgresServer server, String url) {
    this.server = server;
    this.url = url;
  }

  /** A new database named after {@code prefix}, migrated to the broker's latest schema. */
  public static BillingDatabase create(String prefix) {
    PostgresServer server = PostgresServer.shared();
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    String url = server.createDatabase(name);
    Flyway.configure()
        .dataSource(url, server.user(), server.password())
        .locations(BROKER_MIGRATIONS)
        .load()
        .migrate();
    return new BillingDatabase(server, url);
  }

  public String url() {
    return url;
  }

  public String user() {
    return server.user();
  }

  public String password() {
    return server.password();
  }

  public Connection connect() {
    try {
      return DriverManager.getConnection(url, server.user(), server.password());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + url, e);
    }
  }
}
