package io.xenia.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (Kafka 4, KRaft combined broker and controller) running in a
 * child JVM, listening on {@code 127.0.0.1} only.
 *
 * <p>The broker's jars are never on this JVM's classpath: they are listed in a resource that this
 * module's build resolves, and the child JVM (the same {@code java} as this one) runs {@link
 * KafkaBrokerMain} on them.
 *
 * <p><b>Lifecycle.</b> {@link Builder#start()} returns once the broker answers an admin {@code
 * describeCluster}, or fails with the tail of the broker's log. {@link #close()} stops it cleanly
 * (SIGTERM, then SIGKILL after 30 s). The child never outlives this JVM: a shutdown hook stops it
 * on a normal exit, and if this JVM is killed the child sees its standard input close and shuts
 * itself down.
 *
 * <p><b>Data directory.</b> Either temporary (the default, deleted on close) or persistent ({@link
 * Builder#dataDirectory(Path)}): then the storage is formatted only on the first start, and later
 * starts reuse it with its cluster id and topics, even on other ports. The directory holds {@code
 * kraft-logs/} (the broker's storage), {@code server.properties}, {@code broker.log} (the broker's
 * output for the current run; {@code broker.log.1} is the previous run's) and {@code broker.pid}.
 *
 * <p><b>Topics.</b> Automatic topic creation is off by default, as it should be in production: a
 * test or a service creates its topics ({@link #createTopic(String, int)}), so a missing topic
 * shows up in tests rather than in production. {@link Builder#autoCreateTopics(boolean)} turns it
 * on.
 *
 * <p><b>Threading.</b> All accessors are immutable values and safe from any thread; {@link
 * #close()} is idempotent and thread-safe.
 */
public final class KafkaServer implements AutoCloseable {

  private static final SharedInstance<KafkaServer> SHARED =
      new SharedInstance<>("Kafka broker", () -> builder().startShared());

  private static final System.Logger LOG = System.getLogger(KafkaServer.class.getName());

  private final WorkDirectory directory;
  private final Process process;
  private final int port;
  private final int controllerPort;
  private final String clusterId;
  private final boolean shared;
  private final ShutdownGuard guard;

  private KafkaServer(
      WorkDirectory directory,
      Process process,
      int port,
      int controllerPort,
      String clusterId,
      boolean shared,
      ShutdownGuard guard) {
    this.directory = directory;
    this.process = process;
    this.port = port;
    this.controllerPort = controllerPort;
    this.clusterId = clusterId;
    this.shared = shared;
    this.guard = guard;
  }

  /**
   * The broker shared by everything in this JVM: started on first use (temporary data, free ports),
   * stopped when the JVM exits. Safe to call from any thread; callers must not rely on being alone
   * on it (use unique topic names and consumer group ids). {@link #close()} on it does nothing.
   *
   * @throws IllegalStateException if it cannot start (then every later call throws too)
   */
  public static KafkaServer shared() {
    return SHARED.get();
  }

  /** A builder for a broker of one's own. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:port}, the value for a client's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return Loopback.HOST + ":" + port;
  }

  /** The address the broker listens on: always {@code 127.0.0.1}. */
  public String host() {
    return Loopback.HOST;
  }

  /** The broker (client) listener's port. */
  public int port() {
    return port;
  }

  /** The controller listener's port (KRaft quorum traffic; clients never use it). */
  public int controllerPort() {
    return controllerPort;
  }

  /** The cluster id stored in the data directory when it was formatted. */
  public String clusterId() {
    return clusterId;
  }

  /** The data directory (for a temporary one: until {@link #close()} deletes it). */
  public Path dataDirectory() {
    return directory.path();
  }

  /** The file that receives the broker's output for this run. */
  public Path logFile() {
    return directory.resolve("broker.log");
  }

  /** The child JVM's process. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /**
   * Creates a topic with replication factor 1, or does nothing if a topic of that name exists
   * (whatever its partition count). Blocks until the controller has accepted it.
   */
  public void createTopic(String name, int partitions) {
    Objects.requireNonNull(name, "name");
    try (Admin admin = Admin.create(adminConfig())) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  /**
   * Stops the broker and waits until its process is gone (a clean shutdown takes a few seconds);
   * deletes a temporary data directory. Idempotent. Does nothing on the {@link #shared()} broker,
   * which lives until the JVM exits.
   */
  @Override
  public void close() {
    if (!shared) {
      guard.close();
    }
  }

  @Override
  public String toString() {
    return "KafkaServer[" + bootstrapServers() + ", data " + directory.path() + "]";
  }

  /**
   * Settings for a broker. Not thread-safe; {@link #start()} may be called more than once for
   * several brokers, but a persistent data directory can serve only one at a time.
   */
  public static final class Builder {

    private Path dataDirectory;
    private int port;
    private int controllerPort;
    private boolean autoCreateTopics;
    private Duration startupTimeout = Duration.ofSeconds(120);
    private String maxHeap = "256m";
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Keeps the broker's data in {@code directory} (created if missing) across starts, instead of a
     * temporary directory.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The client listener's port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** The controller listener's port; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /** Whether producing to or fetching from an unknown topic creates it (default false). */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** How long {@link #start()} waits for the broker to answer (default 120 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The child JVM's {@code -Xmx} value (default {@code 256m}). */
    public Builder maxHeap(String maxHeap) {
      this.maxHeap = Objects.requireNonNull(maxHeap, "maxHeap");
      return this;
    }

    /**
     * Sets a broker property, overriding this module's default for it (listeners and node id
     * included).
     */
    public Builder brokerProperty(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Starts the broker and waits until it answers.
     *
     * @throws IllegalStateException if it does not start in time or exits; the message has the
     *     log's tail
     */
    public KafkaServer start() {
      return start(false);
    }

    private KafkaServer startShared() {
      return start(true);
    }

    private KafkaServer start(boolean shared) {
      if (port != 0 && port == controllerPort) {
        throw new IllegalArgumentException("the broker and controller ports must differ: " + port);
      }
      List<Path> brokerJars = BrokerClasspath.jars();
      WorkDirectory directory =
          dataDirectory == null
              ? WorkDirectory.temporary("kafka", BrokerProcess::stopOrphan)
              : WorkDirectory.persistent(dataDirectory);
      BrokerProcess broker = null;
      ShutdownGuard guard = null;
      try {
        BrokerProcess.stopOrphan(directory.path());
        int brokerPort = port != 0 ? port : Loopback.freePort();
        int quorumPort = controllerPort;
        while (quorumPort == 0 || quorumPort == brokerPort) {
          quorumPort = Loopback.freePort();
        }
        Path storage = directory.resolve("kraft-logs");
        Path config = directory.resolve("server.properties");
        BrokerConfig.writeProperties(
            config,
            BrokerConfig.serverProperties(
                brokerPort, quorumPort, storage, autoCreateTopics, overrides));
        BrokerConfig.write(directory.resolve("log4j2.properties"), BrokerConfig.log4j2Properties());
        boolean format = !Files.exists(storage.resolve("meta.properties"));

        broker = BrokerProcess.launch(directory, brokerJars, config, format, maxHeap);
        guard = new ShutdownGuard("xenia-kafka-shutdown", broker::stop);
        broker.awaitReady(brokerPort, startupTimeout);
        String clusterId = readClusterId(storage);
        LOG.log(
            System.Logger.Level.INFO,
            "Kafka broker {0}:{1,number,#} ready in {2,number,#} ms (pid {3,number,#}{4}; data {5})",
            Loopback.HOST,
            brokerPort,
            broker.elapsedMillis(),
            broker.process().pid(),
            format ? ", storage formatted" : "",
            directory.path());
        return new KafkaServer(
            directory, broker.process(), brokerPort, quorumPort, clusterId, shared, guard);
      } catch (RuntimeException | Error e) {
        if (guard != null) {
          guard.close();
        } else if (broker != null) {
          broker.stop();
        } else {
          directory.close();
        }
        throw e;
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      return port;
    }
  }

  private Map<String, Object> adminConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "xenia-test-support");
    return config;
  }

  private static String readClusterId(Path storage) {
    Properties meta = new Properties();
    Path file = storage.resolve("meta.properties");
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      meta.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String id = meta.getProperty("cluster.id");
    if (id == null) {
      throw new IllegalStateException(file + " has no cluster.id");
    }
    return id;
  }
}
