package io.xenia.billing.reports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code billing.reports.v1} when Kafka does not have it (one partition: a few records a
 * month; the broker's default replication; compacted, since a consumer needs only the latest report
 * per period). A broker that creates topics itself, or an operator who made it, leaves nothing to
 * do.
 */
final class ReportTopic {
  private static final Logger LOG = LoggerFactory.getLogger(ReportTopic.class);

  private ReportTopic() {}

  /** Best effort: a failure is logged; the relay's sends then fail and are retried. */
  static void ensure(String bootstrapServers, String topic, Duration timeout) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
      NewTopic t =
          new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
              .configs(Map.of("cleanup.policy", "compact"));
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created the topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warn("could not create the topic {}: {}", topic, String.valueOf(e.getCause()));
      }
    } catch (TimeoutException e) {
      LOG.warn("could not create the topic {} in {}", topic, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
