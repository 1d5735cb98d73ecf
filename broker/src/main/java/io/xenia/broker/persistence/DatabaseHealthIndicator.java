package io.xenia.broker.persistence;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;

/**
 * Reports the database in {@code /health}: UP when a trivial query answers within two seconds
 * through the same reactive pool the API uses, DOWN (and so the whole health DOWN, 503) otherwise.
 */
@Singleton
@Readiness
final class DatabaseHealthIndicator implements HealthIndicator {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final Database database;

  DatabaseHealthIndicator(Database database) {
    this.database = database;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    long started = System.nanoTime();
    var check =
        database
            .read(session -> session.createNativeQuery("SELECT 1", Integer.class).getSingleResult())
            .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .handle(
                (one, failure) -> {
                  long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
                  if (failure != null) {
                    return HealthResult.builder("database", HealthStatus.DOWN)
                        .details(
                            Map.of(
                                "error",
                                String.valueOf(
                                    failure.getCause() == null ? failure : failure.getCause())))
                        .build();
                  }
                  return HealthResult.builder("database", HealthStatus.UP)
                      .details(Map.of("latencyMicros", micros))
                      .build();
                });
    return Publishers.fromCompletableFuture(check);
  }
}
