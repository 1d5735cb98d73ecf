package io.xenia.broker.persistence;

import io.micronaut.configuration.hibernate.jpa.JpaConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations (db/migration) as soon as the JPA configuration exists, that is
 * before Hibernate Reactive builds its session factory against the schema. Nothing in Micronaut
 * orders the two otherwise (micronaut-flyway#459), so the broker runs Flyway itself rather than
 * through micronaut-flyway.
 */
@Singleton
final class MigrateBeforeHibernate implements BeanCreatedEventListener<JpaConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(MigrateBeforeHibernate.class);
  private final DatabaseConfig database;

  MigrateBeforeHibernate(DatabaseConfig database) {
    this.database = database;
  }

  @Override
  public JpaConfiguration onCreated(BeanCreatedEvent<JpaConfiguration> event) {
    var result =
        Flyway.configure()
            .dataSource(database.url(), database.user(), database.password())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        "database schema at version {} ({} migrations applied now)",
        result.targetSchemaVersion == null
            ? result.initialSchemaVersion
            : result.targetSchemaVersion,
        result.migrationsExecuted);
    return event.getBean();
  }
}
