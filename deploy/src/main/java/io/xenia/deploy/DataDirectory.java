package io.xenia.deploy;

import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.testsupport.Directories;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory that keeps a local platform's state between runs, held by one launcher at a time (a
 * file lock on {@value #LOCK}).
 *
 * <pre>
 *   .xenia-local        marks the directory as a xenia-local data directory (reset deletes only those)
 *   xenia-local.lock    locked while a launcher runs on it; holds that launcher's pid
 *   admin-api-key       the admin's API key token, generated on the first run (mode 0600)
 *   ports.properties    PostgreSQL's and Kafka's ports, chosen on the first run, kept while free
 *   xenia-broker.log    the broker's log (the console's copy)
 *   postgres/           PostgreSQL: pgdata/ (the cluster) and postgres.log
 *   kafka/              Kafka: kraft-logs/, server.properties, broker.log (+ .1, the previous run's)
 *   search/             the broker's DHT node key and the DHT membership CA key (mode 0600), and the
 *                       CA's public key (ca-key.pem.pub) for search nodes
 *   customer.properties the local marketplace's ready customer (mode 0600; market/ReadyCustomer)
 *   hosts/              the marketplace's host daemons: operators.properties, and per host its
 *                       inventory.yaml, daemon.log, state/ (enrolled identity) and netns/
 * </pre>
 *
 * <p>Not thread-safe; owned by one launcher.
 */
final class DataDirectory implements AutoCloseable {

  static final String MARKER = ".xenia-local";
  static final String LOCK = "xenia-local.lock";
  static final String ADMIN_KEY = "admin-api-key";
  static final String PORTS = "ports.properties";
  static final String BROKER_LOG = "xenia-broker.log";

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  /**
   * Directories locked by this JVM. On Linux, closing any channel of a file drops every lock this
   * process holds on it, so a second open in the same JVM must not even open the lock file.
   */
  private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final FileChannel lockChannel;
  private final Properties ports = new Properties();

  private DataDirectory(Path root, FileChannel lockChannel) {
    this.root = root;
    this.lockChannel = lockChannel;
  }

  /**
   * Opens {@code path} (created if missing) and locks it for this launcher. With {@code reset},
   * first deletes everything a previous run kept there.
   *
   * @throws LaunchException if another launcher runs on it, or if it is a non-empty directory that
   *     is not a xenia-local data directory
   */
  static DataDirectory open(Path path, boolean reset) {
    Path root = path.toAbsolutePath().normalize();
    try {
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw new LaunchException(root + " exists and is not a directory");
      }
      if (!Files.exists(root)) {
        createOwnerOnlyDirectories(root);
      } else if (!Files.exists(root.resolve(MARKER)) && !isEmpty(root)) {
        throw new LaunchException(
            root
                + " is not empty and is not a xenia-local data directory (it has no "
                + MARKER
                + " file); "
                + (reset ? "refusing to delete it. " : "")
                + "Choose another with --data-dir");
      }
      FileChannel lock = lock(root);
      DataDirectory directory = new DataDirectory(root, lock);
      try {
        if (reset) {
          directory.deleteContentExceptLock();
        }
        Files.writeString(
            root.resolve(MARKER),
            "This directory holds the data of a local Xenia platform (./xenia-local).\n"
                + "Delete it, or run ./xenia-local --reset, to start afresh.\n",
            StandardCharsets.UTF_8);
        directory.loadPorts();
        return directory;
      } catch (RuntimeException | IOException e) {
        directory.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data directory " + root, e);
    }
  }

  Path root() {
    return root;
  }

  Path postgres() {
    return root.resolve("postgres");
  }

  Path kafka() {
    return root.resolve("kafka");
  }

  /** The broker's search-dht keys: node-key.pem, ca-key.pem (created by the broker). */
  Path search() {
    return root.resolve("search");
  }

  Path brokerLog() {
    return root.resolve(BROKER_LOG);
  }

  Path postgresLog() {
    return postgres().resolve("postgres.log");
  }

  Path kafkaLog() {
    return kafka().resolve("broker.log");
  }

  /** The billing service's output (it runs as a process of its own). */
  Path billingLog() {
    return root.resolve("billing.log");
  }

  /**
   * The admin's API key token: read from {@value #ADMIN_KEY}, or generated and written there (mode
   * 0600) on the first run, so that every run prints the same key.
   */
  String adminApiKey() {
    Path file = root.resolve(ADMIN_KEY);
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (ApiKeyToken.parse(token).isEmpty()) {
          throw new LaunchException(
              file
                  + " does not hold an API key token (xk_<32 hex>_<43 base64url>); fix or delete"
                  + " it, or start afresh with --reset");
        }
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
          Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
        return token;
      }
      String token = ApiKeyToken.generate(UUID.randomUUID()).value();
      writeOwnerOnly(file, token + "\n");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * The port kept for {@code name} if it is still free, else a free one (then kept from now on).
   */
  int port(String name) {
    String kept = ports.getProperty(name);
    if (kept != null) {
      try {
        int port = Integer.parseInt(kept.strip());
        if (port > 0 && port < 65536 && isFree(port)) {
          return port;
        }
      } catch (NumberFormatException ignored) {
        // Not a number: pick a new one.
      }
    }
    int port = freePort();
    ports.setProperty(name, Integer.toString(port));
    savePorts();
    return port;
  }

  /** Forgets the port kept for {@code name}, so that the next {@link #port} picks a new one. */
  void forgetPort(String name) {
    ports.remove(name);
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // The lock goes with the process anyway.
    } finally {
      LOCKED_HERE.remove(root);
    }
  }

  /** Whether {@code 127.0.0.1:port} can be bound right now. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }

  private static FileChannel lock(Path root) throws IOException {
    Path file = root.resolve(LOCK);
    if (!LOCKED_HERE.add(root)) {
      throw inUse(root, Long.toString(ProcessHandle.current().pid()));
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOCKED_HERE.remove(root);
      throw e;
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      LOCKED_HERE.remove(root);
      String holder;
      try {
        holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
      } catch (IOException e) {
        holder = "";
      }
      channel.close();
      throw inUse(root, holder);
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
        0);
    channel.force(false);
    return channel;
  }

  private static LaunchException inUse(Path root, String holderPid) {
    return new LaunchException(
        "the data directory "
            + root
            + " is in use by another xenia-local"
            + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
            + "; stop it first, or choose another directory with --data-dir");
  }

  private void deleteContentExceptLock() throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(LOCK)) {
          Directories.deleteRecursively(entry);
        }
      }
    }
  }

  private void loadPorts() throws IOException {
    Path file = root.resolve(PORTS);
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        ports.load(reader);
      }
    }
  }

  private void savePorts() {
    Path file = root.resolve(PORTS);
    Path temporary = root.resolve(PORTS + ".tmp");
    try {
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        ports.store(writer, "Ports of the embedded servers, reused while they are free");
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes a new file that only its owner can read, all at once (never a partial key). */
  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    Files.writeString(temporary, content, StandardCharsets.US_ASCII);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void createOwnerOnlyDirectories(Path dir) throws IOException {
    Path parent = dir.getParent();
    if (parent != null && !Files.exists(parent)) {
      Files.createDirectories(parent);
    }
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }
}
