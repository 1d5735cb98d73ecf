package io.xenia.hostdaemon.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle event stream as server-sent events ({@code id:} the event's sequence, so a client
 * resumes with {@code Last-Event-ID}). Each subscriber has its own bounded queue, filled by the
 * core's thread without blocking and drained by the request's thread; a subscriber that falls
 * {@value #QUEUE} events behind is disconnected (it resumes from its last id) rather than slowing
 * the host. A comment line every {@code KEEPALIVE_SECONDS} finds dead connections.
 */
final class EventStreams implements AutoCloseable {
  static final int QUEUE = 1024;
  private static final long KEEPALIVE_SECONDS = 15;
  private static final LifecycleEvent END = new LifecycleEvent(-1, null, null, null, null, null);

  private final HostControl control;
  private final Set<BlockingQueue<LifecycleEvent>> open = ConcurrentHashMap.newKeySet();

  EventStreams(HostControl control) {
    this.control = control;
  }

  void serve(HttpExchange exchange, long afterSequence) throws IOException {
    BlockingQueue<LifecycleEvent> queue = new ArrayBlockingQueue<>(QUEUE + 1);
    open.add(queue);
    EventSubscription subscription =
        control.subscribe(
            afterSequence,
            event -> {
              if (!queue.offer(event)) {
                queue.clear();
                queue.offer(END); // overflow: end this stream; the client resumes
              }
            });
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(": xenia host lifecycle events v1\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        LifecycleEvent event = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (event == END) {
          return;
        }
        String frame =
            event == null
                ? ": keepalive\n\n"
                : "id: "
                    + event.sequence()
                    + "\nevent: lifecycle\ndata: "
                    + Json.MAPPER.writeValueAsString(event)
                    + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      subscription.close();
      open.remove(queue);
    }
  }

  /** Ends every open stream (server shutdown). */
  @Override
  public void close() {
    for (BlockingQueue<LifecycleEvent> queue : open) {
      queue.clear();
      queue.offer(END);
    }
  }
}
