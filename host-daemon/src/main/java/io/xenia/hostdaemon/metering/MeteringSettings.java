package io.xenia.hostdaemon.metering;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the daemon meters sessions.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic the topic records go to ({@link #TOPIC})
 * @param interval how often running sessions are sampled
 * @param spoolDir where records wait until Kafka acknowledged them
 * @param deliveryTimeout how long one shipping pass waits for Kafka before trying again later
 */
public record MeteringSettings(
    String bootstrapServers,
    String topic,
    Duration interval,
    Path spoolDir,
    Duration deliveryTimeout) {
  /** The usage topic. */
  public static final String TOPIC = "usage.v1";

  public MeteringSettings {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("metering needs Kafka bootstrap servers");
    }
    requireNonNull(topic, "topic is null");
    requireNonNull(spoolDir, "spoolDir is null");
    requireNonNull(deliveryTimeout, "deliveryTimeout is null");
    if (requireNonNull(interval, "interval is null").toMillis() < 100) {
      throw new IllegalArgumentException("metering interval must be at least 100 ms: " + interval);
    }
  }

  /** The same settings, sampling every {@code every}. */
  public MeteringSettings withInterval(Duration every) {
    return new MeteringSettings(bootstrapServers, topic, every, spoolDir, deliveryTimeout);
  }

  /** Defaults: topic usage.v1, every 5 s, spool in {@code dataDir/usage-spool}, 30 s delivery. */
  public static MeteringSettings defaults(String bootstrapServers, Path dataDir) {
    return new MeteringSettings(
        bootstrapServers,
        TOPIC,
        Duration.ofSeconds(5),
        dataDir.resolve("usage-spool"),
        Duration.ofSeconds(30));
  }
}
