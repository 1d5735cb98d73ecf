package io.xenia.deploy.billing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The billing service (docs/billing.md) as its own process, as it runs in production: {@code java
 * -cp xenia-billing.jar:lib/* io.xenia.billing.BillingApplication} from billing's build output
 * ({@code billing/target}, or {@code XENIA_BILLING_HOME}). Never on this JVM's class path: its
 * Micronaut beans would start inside the in-process broker.
 */
public final class BillingService implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI api;
  private final Path log;

  private BillingService(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /**
   * Starts billing against the platform's database and Kafka and waits until it answers {@code
   * /health}.
   *
   * @param settings billing's configuration ({@code xenia.database.url}, {@code
   *     xenia.billing.kafka-bootstrap-servers}, ...), passed as system properties
   * @param port its HTTP port, 0 for a free one
   * @param log where its output is appended
   */
  public static BillingService start(Map<String, Object> settings, int port, Path log)
      throws IOException, InterruptedException {
    Path home = home();
    int actualPort = port == 0 ? freePort() : port;
    Map<String, Object> props = new TreeMap<>(settings);
    props.put("micronaut.server.port", actualPort);
    props.put("micronaut.server.host", "127.0.0.1");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(
        home.resolve("xenia-billing.jar") + java.io.File.pathSeparator + home.resolve("lib/*"));
    command.add("io.xenia.billing.BillingApplication");
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BillingService billing =
        new BillingService(process, URI.create("http://127.0.0.1:" + actualPort), log);
    billing.awaitHealthy(Duration.ofSeconds(90));
    return billing;
  }

  /** Billing's build output: {@code XENIA_BILLING_HOME}, else {@code billing/target} nearby. */
  static Path home() {
    Optional<Path> configured =
        Optional.ofNullable(System.getenv("XENIA_BILLING_HOME")).map(Path::of);
    List<Path> candidates =
        configured
            .map(List::of)
            .orElse(List.of(Path.of("billing", "target"), Path.of("..", "billing", "target")));
    for (Path c : candidates) {
      if (Files.isRegularFile(c.resolve("xenia-billing.jar"))
          && Files.isDirectory(c.resolve("lib"))) {
        return c.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "billing is not built: no xenia-billing.jar and lib/ in "
            + candidates
            + " (./mvnw -pl billing -am package -DskipTests, or set XENIA_BILLING_HOME)");
  }

  private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "billing exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        var response =
            HTTP.send(
                HttpRequest.newBuilder(api.resolve("/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException(
        "billing did not become healthy within " + timeout + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Its REST API, e.g. {@code http://127.0.0.1:8090}. */
  public URI api() {
    return api;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (Micronaut stops the consumer after its batch), SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
