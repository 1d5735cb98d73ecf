package io.xenia.billing.persistence;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The Vert.x PostgreSQL pool billing works through, made after its schema is migrated: whoever
 * holds a {@link Pool} may rely on billing's tables being there.
 */
@Factory
final class PoolFactory {

  @Singleton
  @Bean(preDestroy = "close")
  Vertx vertx() {
    return Vertx.vertx();
  }

  @Singleton
  @Bean(preDestroy = "close")
  Pool pool(Vertx vertx, DatabaseConfig db) {
    BillingSchema.migrate(db);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(db.poolSize()))
        .connectingTo(connectOptions(db))
        .using(vertx)
        .build();
  }

  /** {@code jdbc:postgresql://host:port/database[?...]} → Vert.x options. */
  static PgConnectOptions connectOptions(DatabaseConfig db) {
    if (!db.url().startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "xenia.database.url must be jdbc:postgresql://host:port/database, not " + db.url());
    }
    URI uri = URI.create(db.url().substring("jdbc:".length()));
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new PgConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort() < 0 ? 5432 : uri.getPort())
        .setDatabase(path.startsWith("/") ? path.substring(1) : path)
        .setUser(db.user())
        .setPassword(db.password())
        .setPipeliningLimit(16);
  }
}
