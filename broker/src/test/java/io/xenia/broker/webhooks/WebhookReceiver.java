package io.xenia.broker.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A customer's webhook endpoint on 127.0.0.1: records every POST (headers and body, with the time
 * it arrived) and answers 500 to the first {@link #failNext} of them, 204 to the rest.
 */
final class WebhookReceiver implements AutoCloseable {
  record Received(Map<String, String> headers, byte[] body, long arrivedAtMillis, int status) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger failNext = new AtomicInteger();
  private final HttpServer server;

  WebhookReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext(
        "/hooks",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            received.add(new Received(headers, body, System.currentTimeMillis(), status));
            exchange.sendResponseHeaders(status, -1);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hooks";
  }

  /** The next request of that event type (skipping others), within {@code seconds}. */
  Received next(String type, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      Received r = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("no " + type + " webhook within " + seconds + " s");
      }
      if (type.equals(r.header("Xenia-Webhook-Type"))) {
        return r;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
