package io.xenia.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load generator: one client per customer, each on its own keep-alive
 * connection, sending {@code POST /v1/purchase-orders} as soon as its previous one is answered.
 * Everything runs on one Vert.x event loop of its own (cheap: it leaves the cores to the server
 * under test).
 *
 * <p>A measurement starts every client, lets them run unrecorded for the ramp, then counts the
 * responses that <em>complete</em> inside the window; after it, the clients stop sending and the
 * requests in flight are drained (their orders are committed but not counted as throughput; they
 * are counted for the final check against the database).
 */
final class LoadGenerator implements AutoCloseable {
  static final String PATH = "/v1/purchase-orders";
  private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;

  private final Vertx vertx =
      Vertx.vertx(
          new VertxOptions()
              .setEventLoopPoolSize(1)
              .setWorkerPoolSize(1)
              .setInternalBlockingPoolSize(1));
  private final CpuMeter cpu;

  LoadGenerator(CpuMeter cpu) {
    this.cpu = cpu;
    eventLoopThreads(vertx).forEach(cpu::loadGeneratorThread);
  }

  /** The ids of the threads of a Vert.x instance's event loops. */
  static List<Long> eventLoopThreads(Vertx vertx) {
    List<Long> ids = new ArrayList<>();
    for (var loop : vertx.nettyEventLoopGroup()) {
      try {
        ids.add(loop.submit(() -> Thread.currentThread().getId()).get());
      } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
    return ids;
  }

  /** A customer of the marketplace that the clients act for. */
  record Customer(java.util.UUID accountId, String token) {}

  /** What one measurement of one target saw. */
  record Measurement(
      String target,
      int round,
      double windowSeconds,
      long committed,
      long errors,
      Map<String, Long> errorKinds,
      Map<String, String> errorSamples,
      long[] latenciesNanos,
      long[] createdPerCustomer,
      Map<String, Long> cpuNanos) {

    double ordersPerSecond() {
      return committed / windowSeconds;
    }
  }

  Measurement run(
      String target, int round, int port, List<Customer> customers, Duration ramp, Duration window)
      throws InterruptedException {
    // One amount, 1.00 EUR: a million-euro deposit never runs out. Expiry far enough ahead that the
    // broker's expiry sweeper never has anything to do during the run.
    String expiresAt =
        Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    Buffer body =
        Buffer.buffer(
            "{\"amountLimit\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"expiresAt\":\""
                + expiresAt
                + "\"}");
    Window clock = new Window();
    List<Client> clients = new ArrayList<>();
    for (Customer c : customers) {
      clients.add(new Client(port, c, body, clock));
    }
    clients.forEach(c -> vertx.runOnContext(v -> c.next()));
    TimeUnit.MILLISECONDS.sleep(ramp.toMillis());
    CpuMeter.Sample cpuBefore = cpu.sample();
    long start = System.nanoTime();
    clock.start = start;
    TimeUnit.MILLISECONDS.sleep(window.toMillis());
    long end = System.nanoTime();
    clock.end = end;
    clock.stopping = true;
    CpuMeter.Sample cpuAfter = cpu.sample();
    CompletableFuture.allOf(clients.stream().map(c -> c.done).toArray(CompletableFuture[]::new))
        .join();
    clients.forEach(Client::close);

    long committed = 0;
    long errors = 0;
    Map<String, Long> kinds = new TreeMap<>();
    Map<String, String> samples = new TreeMap<>();
    LongList latencies = new LongList();
    long[] created = new long[customers.size()];
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      committed += c.latencies.size();
      latencies.addAll(c.latencies);
      errors += c.errors;
      c.errorKinds.forEach((k, n) -> kinds.merge(k, n, Long::sum));
      c.errorSamples.forEach(samples::putIfAbsent);
      created[i] = c.created;
    }
    return new Measurement(
        target,
        round,
        (end - start) / 1e9,
        committed,
        errors,
        kinds,
        samples,
        latencies.toArray(),
        created,
        CpuMeter.between(cpuBefore, cpuAfter));
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** The measurement window, set by the harness's thread, read on the event loop. */
  private static final class Window {
    volatile long start = Long.MAX_VALUE;
    volatile long end = Long.MAX_VALUE;
    volatile boolean stopping;

    boolean contains(long nanos) {
      return nanos >= start && nanos < end;
    }
  }

  /** One customer's client; all of its state is confined to the event loop. */
  private final class Client {
    private final HttpClient http;
    private final RequestOptions request;
    private final Buffer body;
    private final Window window;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final LongList latencies = new LongList();
    final Map<String, Long> errorKinds = new TreeMap<>();
    final Map<String, String> errorSamples = new TreeMap<>();
    long errors;
    long created;

    Client(int port, Customer customer, Buffer body, Window window) {
      this.http =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(port)
                  .setKeepAlive(true)
                  .setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(1));
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setURI(PATH)
              .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS)
              .putHeader("Authorization", "Bearer " + customer.token())
              .putHeader("Content-Type", "application/json")
              .putHeader("Accept", "application/json");
      this.body = body;
      this.window = window;
    }

    void next() {
      if (window.stopping) {
        done.complete(null);
        return;
      }
      long sent = System.nanoTime();
      http.request(request)
          .compose(req -> req.send(body))
          .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b)))
          .onComplete(
              ar -> {
                long answered = System.nanoTime();
                boolean recorded = window.contains(answered);
                if (ar.succeeded() && ar.result().status() == 201) {
                  created++;
                  if (recorded) {
                    latencies.add(answered - sent);
                  }
                  next();
                  return;
                }
                String kind =
                    ar.succeeded()
                        ? "HTTP " + ar.result().status()
                        : ar.cause().getClass().getSimpleName();
                String sample =
                    ar.succeeded() ? ar.result().body().toString() : String.valueOf(ar.cause());
                if (recorded) {
                  errors++;
                  errorKinds.merge(kind, 1L, Long::sum);
                }
                errorSamples.putIfAbsent(kind, sample);
                if (ar.failed()) {
                  // Do not spin on a refused or broken connection.
                  vertx.setTimer(10, t -> next());
                } else {
                  next();
                }
              });
    }

    void close() {
      Future<Void> closed = http.close();
      closed.toCompletionStage().toCompletableFuture().join();
    }
  }

  private record Answer(int status, Buffer body) {}

  /** A growable array of longs (no boxing: a run records hundreds of thousands). */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(LongList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
