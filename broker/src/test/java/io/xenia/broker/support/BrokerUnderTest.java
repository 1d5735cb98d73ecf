package io.xenia.broker.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.testsupport.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real broker for a test class: its own fresh database on the shared embedded PostgreSQL, the
 * broker's HTTP server on a free loopback port, and a configured admin key. {@link #restart()}
 * stops the broker and starts a new one on the same database, as an operator's restart would.
 */
public final class BrokerUnderTest implements AutoCloseable {
  private final PostgresServer postgres;
  private final String jdbcUrl;
  private final Map<String, Object> extraProperties;
  private final String adminToken = ApiKeyToken.generate(UUID.randomUUID()).value();
  private final Path searchKeys;
  private EmbeddedServer server;
  private ApiClient client;

  private BrokerUnderTest(
      PostgresServer postgres, String database, Map<String, Object> extraProperties) {
    this.postgres = postgres;
    postgres.createDatabase(database);
    this.jdbcUrl = postgres.jdbcUrl(database);
    this.extraProperties = extraProperties;
    try {
      this.searchKeys = Files.createTempDirectory("xenia-search-" + database + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      start();
    } catch (RuntimeException | Error e) {
      deleteQuietly(searchKeys);
      throw e;
    }
  }

  public static BrokerUnderTest start(String testName) {
    return start(testName, Map.of());
  }

  public static BrokerUnderTest start(String testName, Map<String, Object> properties) {
    return start(PostgresServer.shared(), testName, properties);
  }

  /** A broker on a database of the given server (for tests that stop their own server). */
  public static BrokerUnderTest start(
      PostgresServer postgres, String testName, Map<String, Object> properties) {
    String database = (testName + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
    return new BrokerUnderTest(postgres, database.replaceAll("[^a-z0-9_]", "_"), properties);
  }

  private void start() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("xenia.database.url", jdbcUrl);
    properties.put("xenia.database.user", postgres.user());
    properties.put("xenia.database.password", postgres.password());
    properties.put("xenia.bootstrap.admin.api-key", adminToken);
    // Every broker embeds a DHT node; its keys live in a directory of its own (kept on restart).
    properties.put("xenia.search.node-key-file", searchKeys.resolve("node-key.pem").toString());
    properties.put("xenia.search.ca-key-file", searchKeys.resolve("ca-key.pem").toString());
    properties.putAll(extraProperties);
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    client = new ApiClient(URI.create("http://127.0.0.1:" + server.getPort()));
  }

  public void restart() {
    server.getApplicationContext().close();
    start();
  }

  public ApiClient api() {
    return client;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The directory of this broker's default search key files (node-key.pem, ca-key.pem). */
  public Path searchKeyDirectory() {
    return searchKeys;
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  /** A JDBC connection to the broker's database, for checks below the API. */
  public Connection jdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
  }

  @Override
  public void close() {
    if (server != null) {
      server.getApplicationContext().close();
    }
    deleteQuietly(searchKeys);
  }

  private static void deleteQuietly(Path directory) {
    try (var files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory; the OS cleans up what is left.
    }
  }
}
