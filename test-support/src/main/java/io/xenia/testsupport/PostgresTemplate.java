package io.xenia.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An initialised, cleanly shut down PostgreSQL cluster kept once per machine and per PostgreSQL
 * binaries, copied into each new temporary server's data directory: {@code initdb} costs one to
 * several seconds (most of it syncing files to disk), a copy a fraction of that. Persistent
 * (launcher) clusters still get their own {@code initdb}.
 *
 * <p>Safe across threads and JVMs: the template is built in a private directory and renamed into
 * place atomically; a JVM that loses the race discards its own.
 */
final class PostgresTemplate {

  /**
   * The binaries zonky may unpack, one resource per platform; their location tells the binaries'
   * version.
   */
  private static final List<String> BINARIES =
      List.of(
          "postgres-linux-x86_64.txz",
          "postgres-linux-arm_64.txz",
          "postgres-linux-x86_64-alpine.txz",
          "postgres-linux-arm_64-alpine.txz",
          "postgres-darwin-x86_64.txz",
          "postgres-darwin-arm_64.txz",
          "postgres-windows-x86_64.txz");

  private PostgresTemplate() {}

  /**
   * Fills the empty directory {@code pgdata} with a copy of the template, building the template
   * first if this machine has none yet. Returns false (leaving {@code pgdata} empty, for {@code
   * initdb}) when the binaries cannot be identified.
   */
  static boolean copyInto(Path pgdata, Path root) {
    Optional<String> key = binariesKey();
    if (key.isEmpty()) {
      return false;
    }
    Path template = root.resolve("pg-template-" + key.get());
    if (!Files.isRegularFile(template.resolve("PG_VERSION"))) {
      build(root, template);
    }
    copyTree(template, pgdata);
    return true;
  }

  private static void build(Path root, Path template) {
    deleteAbandonedBuilds(root);
    Path building;
    try {
      building = Files.createTempDirectory(root, "pg-template-building-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + root, e);
    }
    Path log = root.resolve(template.getFileName() + ".log");
    try {
      EmbeddedPostgres.builder()
          .setDataDirectory(building)
          .setCleanDataDirectory(false)
          .setPort(Loopback.freePort())
          .setRegisterShutdownHook(false)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setServerConfig("listen_addresses", Loopback.HOST)
          .setServerConfig("unix_socket_directories", "")
          .start()
          .close();
      Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isRegularFile(template.resolve("PG_VERSION"))) {
        throw new IllegalStateException(
            "cannot build the PostgreSQL template cluster\n" + LogTail.of(log, 40), e);
      }
      // Another JVM renamed its template into place first: use that one.
    } finally {
      Directories.deleteRecursively(building);
    }
  }

  /** Build directories older than 10 minutes belong to a JVM that died while building. */
  private static void deleteAbandonedBuilds(Path root) {
    Instant cutoff = Instant.now().minus(Duration.ofMinutes(10));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "pg-template-building-*")) {
      for (Path dir : dirs) {
        if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
          Directories.deleteRecursively(dir);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: tried again at the next build.
    }
  }

  private static Optional<String> binariesKey() {
    StringBuilder found = new StringBuilder();
    ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
    for (String name : BINARIES) {
      URL url = loader.getResource(name);
      if (url != null) {
        found.append(jarName(url.toString())).append('!').append(name).append('\n');
      }
    }
    if (found.length() == 0) {
      return Optional.empty();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(found.toString().getBytes(StandardCharsets.UTF_8));
      return Optional.of(HexFormat.of().formatHex(digest, 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The file name of the jar in a {@code jar:file:.../x-1.2.jar!/entry} URL (which names the
   * binaries' version however the classpath spells the path), or the whole URL if it is not of that
   * form.
   */
  private static String jarName(String url) {
    int bang = url.indexOf("!/");
    if (!url.startsWith("jar:") || bang < 0) {
      return url;
    }
    String jar = url.substring(0, bang);
    return jar.substring(jar.lastIndexOf('/') + 1);
  }

  private static void copyTree(Path source, Path target) {
    try {
      Files.walkFileTree(
          source,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Files.createDirectories(target.resolve(source.relativize(dir).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.copy(
                  file,
                  target.resolve(source.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the PostgreSQL template to " + target, e);
    }
  }
}
