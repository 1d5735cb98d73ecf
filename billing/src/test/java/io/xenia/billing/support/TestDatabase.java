package io.xenia.billing.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.xenia.billing.persistence.BillingSchema;
import io.xenia.billing.persistence.DatabaseConfig;
import io.xenia.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * A fresh database on the shared test PostgreSQL with the broker's schema and then billing's, as in
 * production. The broker's migrations are read from its source tree: billing must not depend on the
 * broker module (docs/billing.md), and a test that applied a copy could drift from the real ones.
 */
public final class TestDatabase implements AutoCloseable {
  /** The broker's migrations, from billing's module directory (Maven's tests) or the root. */
  private static String brokerMigrations() {
    for (String dir : new String[] {"../broker", "broker"}) {
      java.nio.file.Path p = java.nio.file.Path.of(dir, "src/main/resources/db/migration");
      if (java.nio.file.Files.isDirectory(p)) {
        return "filesystem:" + p;
      }
    }
    throw new IllegalStateException(
        "run from the repository or the billing module: no broker/src/main/resources/db/migration");
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final PostgresServer server;
  private final String name;
  private final DatabaseConfig config;
  private Vertx vertx;
  private Pool pool;

  private TestDatabase(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
    this.config = new DatabaseConfig(server.jdbcUrl(name), server.user(), server.password(), 4);
  }

  public static TestDatabase create(String prefix) {
    PostgresServer server = PostgresServer.shared();
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    server.createDatabase(name);
    TestDatabase db = new TestDatabase(server, name);
    Flyway.configure()
        .dataSource(db.config.url(), db.config.user(), db.config.password())
        .locations(brokerMigrations())
        .load()
        .migrate();
    BillingSchema.migrate(db.config);
    return db;
  }

  public DatabaseConfig config() {
    return config;
  }

  /** The settings a billing application context needs to use this database. */
  public Map<String, Object> properties() {
    return Map.of(
        "xenia.database.url", config.url(),
        "xenia.database.user", config.user(),
        "xenia.database.password", config.password());
  }

  public synchronized Pool pool() {
    if (pool == null) {
      vertx = Vertx.vertx();
      pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(4))
              .connectingTo(
                  new io.vertx.pgclient.PgConnectOptions()
                      .setHost(server.host())
                      .setPort(server.port())
                      .setDatabase(name)
                      .setUser(config.user())
                      .setPassword(config.password()))
              .using(vertx)
              .build();
    }
    return pool;
  }

  public Connection jdbc() throws SQLException {
    return DriverManager.getConnection(config.url(), config.user(), config.password());
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      vertx.close();
    }
    server.dropDatabase(name);
  }
}
