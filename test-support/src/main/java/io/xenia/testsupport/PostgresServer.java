package io.xenia.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 15 server (the zonky embedded binaries, run as a separate {@code postgres}
 * process) listening on {@code 127.0.0.1} only, on a free port by default. Authentication is {@code
 * trust}: the superuser {@link #user()} connects with any password.
 *
 * <p><b>Lifecycle.</b> {@link Builder#start()} returns once the server answers a query. {@link
 * #close()} stops it (fast shutdown) and waits. A JVM shutdown hook stops it if the JVM exits
 * first. A server left running by a JVM that was killed is stopped by the next start on the same
 * data directory (persistent), or by the next start of a temporary server on this machine
 * (temporary).
 *
 * <p><b>Data directory.</b> Either temporary (the default, deleted on close; durability settings
 * off for speed) or persistent ({@link Builder#dataDirectory(Path)}: created and initialised on the
 * first start, reused as it is on later ones). The directory holds {@code pgdata/} (the cluster)
 * and {@code postgres.log} (the server's output, appended across runs).
 *
 * <p><b>Threading.</b> Accessors are immutable values, safe from any thread; {@link
 * #createDatabase(String)} and {@link #dropDatabase(String)} open their own connection and are safe
 * to call concurrently; {@link #close()} is idempotent and thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

  private static final SharedInstance<PostgresServer> SHARED =
      new SharedInstance<>("PostgreSQL server", () -> builder().start(true));

  private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());
  private static final String SUPERUSER = "postgres";
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final WorkDirectory directory;
  private final int port;
  private final boolean shared;
  private final ShutdownGuard guard;

  private PostgresServer(WorkDirectory directory, int port, boolean shared, ShutdownGuard guard) {
    this.directory = directory;
    this.port = port;
    this.shared = shared;
    this.guard = guard;
  }

  /**
   * The server shared by everything in this JVM: started on first use (temporary data, a free
   * port), stopped when the JVM exits. Safe to call from any thread. Give each test class a
   * database of its own ({@link #createDatabase(String)}). {@link #close()} on it does nothing.
   *
   * @throws IllegalStateException if it cannot start (then every later call throws too)
   */
  public static PostgresServer shared() {
    return SHARED.get();
  }

  /** A builder for a server of one's own. */
  public static Builder builder() {
    return new Builder();
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return Loopback.HOST;
  }

  public int port() {
    return port;
  }

  /** The superuser, {@code postgres}. */
  public String user() {
    return SUPERUSER;
  }

  /**
   * A password for configuration that insists on one. The server authenticates local connections by
   * {@code trust}, so it never asks for it.
   */
  public String password() {
    return SUPERUSER;
  }

  /**
   * {@code jdbc:postgresql://127.0.0.1:port/database}; the user is not in the URL (pass {@link
   * #user()} and {@link #password()} as the driver's properties or a pool's settings).
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Loopback.HOST + ":" + port + "/" + checkName(database);
  }

  /**
   * Creates an empty database owned by {@link #user()}, and returns its {@link #jdbcUrl(String)
   * JDBC URL}.
   *
   * @param name lower-case letters, digits and underscores, not starting with a digit, at most 63
   *     characters
   * @throws IllegalStateException if it exists already (PostgreSQL's error as the cause)
   */
  public String createDatabase(String name) {
    execute("CREATE DATABASE " + checkName(name), "cannot create database " + name);
    return jdbcUrl(name);
  }

  /** Drops a database if it exists, disconnecting its sessions first. */
  public void dropDatabase(String name) {
    execute(
        "DROP DATABASE IF EXISTS " + checkName(name) + " WITH (FORCE)",
        "cannot drop database " + name);
  }

  /** The data directory (for a temporary one: until {@link #close()} deletes it). */
  public Path dataDirectory() {
    return directory.path();
  }

  /** The file that receives the server's output. */
  public Path logFile() {
    return directory.resolve("postgres.log");
  }

  /**
   * Stops the server and waits for it; deletes a temporary data directory. Idempotent. Does nothing
   * on the {@link #shared()} server, which lives until the JVM exits.
   */
  @Override
  public void close() {
    if (!shared) {
      guard.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresServer[" + Loopback.HOST + ":" + port + ", data " + directory.path() + "]";
  }

  private void execute(String sql, String failure) {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "database name");
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must match " + DATABASE_NAME.pattern() + ": " + name);
    }
    return name;
  }

  /** Settings for a server. Not thread-safe. */
  public static final class Builder {

    private Path dataDirectory;
    private int port;
    private Duration startupTimeout = Duration.ofSeconds(120);
    private final Map<String, String> serverConfig = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Keeps the cluster in {@code directory} (created if missing) across starts, instead of a
     * temporary directory.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /** How long {@link #start()} waits for the server to answer (default 120 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets a server parameter ({@code postgres -c key=value}), overriding this module's default for
     * it.
     */
    public Builder serverParameter(String key, String value) {
      serverConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @throws IllegalStateException if it does not start; the message has the log's tail
     */
    public PostgresServer start() {
      return start(false);
    }

    private PostgresServer start(boolean shared) {
      long started = System.nanoTime();
      boolean temporary = dataDirectory == null;
      WorkDirectory directory =
          temporary
              ? WorkDirectory.temporary("postgres", PostgresServer::stopOrphan)
              : WorkDirectory.persistent(dataDirectory);
      Path log = directory.resolve("postgres.log");
      EmbeddedPostgres postgres;
      try {
        stopOrphan(directory.path());
        Path pgdata = directory.resolve("pgdata");
        Files.createDirectories(pgdata);
        if (temporary && PostgresTemplate.copyInto(pgdata, WorkDirectory.temporaryRoot())) {
          // Skips initdb: zonky initialises only a directory without postgresql.conf.
          ownerOnly(pgdata);
        }
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setDataDirectory(pgdata)
                .setCleanDataDirectory(false)
                .setPort(port != 0 ? port : Loopback.freePort())
                .setPGStartupWait(startupTimeout)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("listen_addresses", Loopback.HOST)
                // No Unix-domain socket: TCP on loopback is the only way in.
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("timezone", "UTC");
        if (temporary) {
          // Test data is thrown away: no need to survive a crash.
          builder
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("synchronous_commit", "off");
        } else {
          builder.setServerConfig("synchronous_commit", "on");
        }
        serverConfig.forEach(builder::setServerConfig);
        postgres = builder.start();
      } catch (IOException | RuntimeException e) {
        String tail = LogTail.of(log, 40); // before a temporary directory goes
        stopOrphan(directory.path()); // a postmaster that started but did not answer in time
        directory.close();
        throw new IllegalStateException(
            "PostgreSQL did not start in " + directory.path() + "\n" + tail, e);
      }
      ShutdownGuard guard;
      try {
        guard = new ShutdownGuard("xenia-postgres-shutdown", () -> stop(postgres, directory));
      } catch (IllegalStateException e) {
        stop(postgres, directory); // the JVM is already exiting
        throw e;
      }
      LOG.log(
          System.Logger.Level.INFO,
          "PostgreSQL {0}:{1,number,#} ready in {2,number,#} ms (data {3})",
          Loopback.HOST,
          postgres.getPort(),
          (System.nanoTime() - started) / 1_000_000,
          directory.path());
      return new PostgresServer(directory, postgres.getPort(), shared, guard);
    }
  }

  private static void stop(EmbeddedPostgres postgres, WorkDirectory directory) {
    try {
      long stopping = System.nanoTime();
      postgres.close();
      LOG.log(
          System.Logger.Level.INFO,
          "PostgreSQL {0}:{1,number,#} stopped in {2,number,#} ms",
          Loopback.HOST,
          postgres.getPort(),
          (System.nanoTime() - stopping) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL in " + directory.path(), e);
    } finally {
      directory.close();
    }
  }

  /** PostgreSQL refuses a data directory that others may read. */
  private static void ownerOnly(Path pgdata) throws IOException {
    if (pgdata.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Stops a postmaster that a killed JVM left running on the cluster in {@code directory}. SIGTERM
   * is PostgreSQL's "smart" shutdown; the dead JVM's sessions are gone, so it completes at once.
   */
  private static void stopOrphan(Path directory) {
    Path pgdata = directory.resolve("pgdata");
    Processes.fromPidFile(pgdata.resolve("postmaster.pid"), pgdata.toString())
        .ifPresent(p -> Processes.stop(p, Duration.ofSeconds(30)));
  }
}
