package io.xenia.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration files of the single-node KRaft broker that {@link KafkaServer} runs. */
final class BrokerConfig {

  /** The broker's node id, also its id as the only controller voter. */
  static final int NODE_ID = 1;

  private BrokerConfig() {}

  /**
   * A single-node broker and controller (KRaft combined mode) on loopback ports, with every
   * replication setting at 1. {@code overrides} win over these defaults.
   */
  static Map<String, String> serverProperties(
      int brokerPort,
      int controllerPort,
      Path logDir,
      boolean autoCreateTopics,
      Map<String, String> overrides) {
    String broker = "PLAINTEXT://" + Loopback.HOST + ":" + brokerPort;
    String controller = "CONTROLLER://" + Loopback.HOST + ":" + controllerPort;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    // A static voter set (not a dynamic quorum): the voter's address is not written into the
    // metadata log, so a
    // restart on other ports reuses the same data.
    p.put("controller.quorum.voters", NODE_ID + "@" + Loopback.HOST + ":" + controllerPort);
    p.put("listeners", broker + "," + controller);
    p.put("advertised.listeners", broker);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Sized for a laptop or a 2-core CI machine rather than a production host.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.putAll(overrides);
    return p;
  }

  /**
   * Log4j 2 configuration: everything at INFO to standard output, which the parent sends to the log
   * file.
   */
  static String log4j2Properties() {
    return String.join(
        "\n",
        "status = warn",
        // Log4j's own shutdown hook would stop logging while the broker's hook still shuts down.
        "shutdownHook = disable",
        "appender.out.type = Console",
        "appender.out.name = OUT",
        "appender.out.target = SYSTEM_OUT",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.out.ref = OUT",
        // Each config object dumps all its values at INFO, several hundred lines per start;
        // server.properties
        // beside the log has what was set.
        "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
        "logger.config.level = WARN",
        "logger.request.name = kafka.request.logger",
        "logger.request.level = WARN",
        "");
  }

  static void writeProperties(Path file, Map<String, String> properties) {
    StringBuilder text = new StringBuilder("# Written by xenia-test-support on every start.\n");
    properties.forEach(
        (key, value) -> text.append(escape(key)).append('=').append(escape(value)).append('\n'));
    write(file, text.toString());
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String escape(String s) {
    if (s.contains("\n") || s.contains("\r")) {
      throw new IllegalArgumentException("line break in a broker property: " + s);
    }
    return s.replace("\\", "\\\\");
  }
}
