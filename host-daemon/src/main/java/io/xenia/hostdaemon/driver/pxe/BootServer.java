package io.xenia.hostdaemon.driver.pxe;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The HTTP side of network boot (what MAAS's and Ironic's conductors serve): the deploy kernel and
 * ramdisk, and per deployment or wipe job, under an unguessable token, what the ramdisk fetches
 * (image, session marker, SSH keys, host name) and where it reports {@code done} (a wipe adds
 * {@code ?bytes=N}, the bytes it zeroed) or {@code failed}. With a scripts directory it also serves
 * network boot itself over HTTP: {@code /boot.ipxe} (what the operator's DHCP names as the boot
 * file) chains to {@code /pxe/<mac>.ipxe}, the per-MAC script from that directory. Machines reach
 * it through their provisioning network (10.0.2.2 is the host's 127.0.0.1 under QEMU user
 * networking).
 */
final class BootServer implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What one deployment hands the deploy ramdisk, and how it ended. */
  static final class Job {
    final String session;
    final String keys;
    final String hostname;
    final Optional<Path> image;
    final String imageSha256;
    final Optional<Path> kernel;
    final Optional<Path> initrd;

    /** Completed by the ramdisk's {@code done}: the bytes it reported, or -1 if it named none. */
    final CompletableFuture<Long> outcome = new CompletableFuture<>();

    Job(
        String session,
        String keys,
        String hostname,
        Optional<Path> image,
        String imageSha256,
        Optional<Path> kernel,
        Optional<Path> initrd) {
      this.session = session;
      this.keys = keys;
      this.hostname = hostname;
      this.image = image;
      this.imageSha256 = imageSha256;
      this.kernel = kernel;
      this.initrd = initrd;
    }

    /** A wipe: the ramdisk needs nothing but the place to report to. */
    static Job wipe() {
      return new Job("", "", "", Optional.empty(), "", Optional.empty(), Optional.empty());
    }
  }

  private static final Pattern MAC_SCRIPT = Pattern.compile("[0-9a-f]{2}(-[0-9a-f]{2}){5}\\.ipxe");

  private final BootFiles files;
  private final Optional<Path> scriptsDir;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param scriptsDir where the per-MAC scripts are that {@code /boot.ipxe} chains to; empty: the
   *     machines get their boot file elsewhere (QEMU's TFTP), and those two paths are 404
   */
  BootServer(BootFiles files, InetSocketAddress bind, Optional<Path> scriptsDir)
      throws IOException {
    this.files = requireNonNull(files, "files is null");
    this.scriptsDir = requireNonNull(scriptsDir, "scriptsDir is null");
    this.server = HttpServer.create(bind, 0);
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Registers a job and returns its token. */
  String add(Job job) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    jobs.put(token, job);
    return token;
  }

  void remove(String token) {
    jobs.remove(token);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "GET only");
        return;
      }
      if (path.equals("/deploy/vmlinuz")) {
        sendFile(exchange, files.kernel());
        return;
      }
      if (path.equals("/deploy/initrd.gz")) {
        sendFile(exchange, files.initrd());
        return;
      }
      if (scriptsDir.isPresent() && path.equals("/boot.ipxe")) {
        send(
            exchange,
            200,
            BootScripts.chainToMacScript(exchange.getRequestHeaders().getFirst("Host")));
        return;
      }
      if (scriptsDir.isPresent() && path.startsWith("/pxe/")) {
        String name = path.substring("/pxe/".length());
        Path script = scriptsDir.get().resolve(name);
        if (!MAC_SCRIPT.matcher(name).matches() || !Files.isRegularFile(script)) {
          send(exchange, 404, "no boot script for " + name);
          return;
        }
        send(exchange, 200, Files.readString(script, StandardCharsets.UTF_8));
        return;
      }
      String[] parts = path.split("/");
      // "", "jobs", token, what
      if (parts.length != 4 || !parts[1].equals("jobs")) {
        send(exchange, 404, "not found");
        return;
      }
      Job job = jobs.get(parts[2]);
      if (job == null) {
        send(exchange, 404, "no such job");
        return;
      }
      switch (parts[3]) {
        case "session" -> send(exchange, 200, job.session + "\n");
        case "keys" -> send(exchange, 200, job.keys);
        case "hostname" -> send(exchange, 200, job.hostname + "\n");
        case "image" -> sendOptional(exchange, job.image);
        case "sha256" -> send(exchange, 200, job.imageSha256 + "\n");
        case "size" -> {
          if (job.image.isEmpty()) {
            send(exchange, 404, "not part of this job");
          } else {
            send(exchange, 200, Files.size(job.image.get()) + "\n");
          }
        }
        case "kernel" -> sendOptional(exchange, job.kernel);
        case "initrd" -> sendOptional(exchange, job.initrd);
        case "done" -> {
          job.outcome.complete(reportedBytes(exchange.getRequestURI().getRawQuery()));
          send(exchange, 200, "ok\n");
        }
        case "failed" -> {
          String query = exchange.getRequestURI().getRawQuery();
          String why =
              query != null && query.startsWith("why=")
                  ? URLDecoder.decode(query.substring(4), StandardCharsets.UTF_8)
                  : "no reason given";
          job.outcome.completeExceptionally(new IOException("ramdisk: " + why));
          send(exchange, 200, "ok\n");
        }
        default -> send(exchange, 404, "not found");
      }
    }
  }

  private static long reportedBytes(String query) {
    if (query != null && query.matches("bytes=[0-9]{1,18}")) {
      return Long.parseLong(query.substring("bytes=".length()));
    }
    return -1;
  }

  private static void sendOptional(HttpExchange exchange, Optional<Path> file) throws IOException {
    if (file.isEmpty()) {
      send(exchange, 404, "not part of this job");
    } else {
      sendFile(exchange, file.get());
    }
  }

  private static void sendFile(HttpExchange exchange, Path file) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, Files.size(file));
    try (OutputStream out = exchange.getResponseBody()) {
      Files.copy(file, out);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain;charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
