package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.persistence.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends stored period reports ({@link ReportPublisher}) to {@code billing.reports.v1}, keyed by
 * period id, until Kafka acknowledges each (the producer is idempotent with {@code acks=all}), and
 * marks them published. A report whose send fails stays pending (attempts and the error recorded)
 * and is retried on the next pass, in order.
 *
 * <p>Each report is sent inside a transaction holding its row ({@code FOR UPDATE SKIP LOCKED}), so
 * two billing instances never send the same one. What remains is the crash between Kafka's
 * acknowledgement and the commit: the report is then sent again with the same key and the same
 * bytes, which downstream systems treat as the same report (docs/billing.md "billing.reports.v1").
 *
 * <p>Threading: passes run on one thread of this relay's ({@link #start}) or the caller's ({@link
 * #publishPending}, tests); not both at once.
 */
public final class ReportRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportRelay.class);
  private static final String NEXT =
      "SELECT period_id, payload FROM billing.report_publication WHERE published_at IS NULL"
          + " ORDER BY created_at, period_id LIMIT 1 FOR UPDATE SKIP LOCKED";
  private static final String PUBLISHED =
      "UPDATE billing.report_publication SET published_at = now(), attempts = attempts + 1,"
          + " kafka_partition = $2, kafka_offset = $3, last_error = NULL WHERE period_id = $1";
  private static final String FAILED =
      "UPDATE billing.report_publication SET attempts = attempts + 1, last_error = $2"
          + " WHERE period_id = $1";

  private final Pool pool;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration ackTimeout;
  private ScheduledExecutorService scheduler;

  public ReportRelay(
      Pool pool, Producer<byte[], byte[]> producer, String topic, Duration ackTimeout) {
    this.pool = requireNonNull(pool, "pool is null");
    this.producer = requireNonNull(producer, "producer is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.ackTimeout = requireNonNull(ackTimeout, "ackTimeout is null");
  }

  /**
   * Runs {@code prepare} (making the topic), then a pass every {@code interval}, on a thread of its
   * own until {@link #close}.
   */
  public synchronized void start(Duration interval, Runnable prepare) {
    if (scheduler != null) {
      throw new IllegalStateException("the report relay is already running");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "report-relay");
              t.setDaemon(true);
              return t;
            });
    scheduler.execute(prepare);
    scheduler.scheduleWithFixedDelay(
        this::passQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Sends pending reports one by one until none is left or one fails.
   *
   * @return how many were published in this pass
   */
  public int publishPending() {
    int published = 0;
    while (true) {
      Outcome outcome = publishNext();
      if (outcome == Outcome.PUBLISHED) {
        published++;
      } else {
        return published;
      }
    }
  }

  private enum Outcome {
    PUBLISHED,
    NONE_PENDING,
    FAILED
  }

  private Outcome publishNext() {
    SqlConnection conn = Sql.await(pool.getConnection());
    try {
      Transaction tx = Sql.await(conn.begin());
      RowSet<Row> rows = Sql.await(conn.query(NEXT).execute());
      if (rows.size() == 0) {
        Sql.await(tx.rollback());
        return Outcome.NONE_PENDING;
      }
      Row row = rows.iterator().next();
      String periodId = row.getString(0);
      byte[] payload = row.getBuffer(1).getBytes();
      try {
        RecordMetadata acked =
            producer
                .send(
                    new ProducerRecord<>(topic, periodId.getBytes(StandardCharsets.UTF_8), payload))
                .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Sql.await(
            conn.preparedQuery(PUBLISHED)
                .execute(Tuple.of(periodId, acked.partition(), acked.offset())));
        Sql.await(tx.commit());
        LOG.info(
            "published the report of period {} to {} ({}-{})",
            periodId,
            topic,
            acked.partition(),
            acked.offset());
        return Outcome.PUBLISHED;
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause =
            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        Sql.await(conn.preparedQuery(FAILED).execute(Tuple.of(periodId, String.valueOf(cause))));
        Sql.await(tx.commit());
        LOG.warn("the report of period {} is not published yet: {}", periodId, cause.toString());
        return Outcome.FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Sql.await(tx.rollback());
        return Outcome.FAILED;
      }
    } finally {
      conn.close();
    }
  }

  private void passQuietly() {
    try {
      publishPending();
    } catch (RuntimeException e) {
      // The database may be away for a moment; the next pass retries.
      LOG.warn("report relay pass failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(Duration.ofSeconds(5));
  }
}
