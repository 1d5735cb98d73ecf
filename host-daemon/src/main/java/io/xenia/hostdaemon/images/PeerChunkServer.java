package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Serves byte ranges of the images in this host's cache to other hosts: {@code GET
 * /blobs/sha256/<hex>} with {@code Range: bytes=a-b}, over mutual TLS with the host CA (only
 * enrolled, non-revoked hosts connect). Peers verify every chunk against the broker's manifest, so
 * this server is trusted for availability only. At most {@code maxConcurrent} ranges at a time;
 * beyond that it answers 503 and the peer takes the chunk from another source. Every answer (206,
 * 404, 503) carries the {@link ChunkBitmap} of what this host holds of the blob.
 */
public final class PeerChunkServer implements AutoCloseable {
  private static final Pattern PATH = Pattern.compile("/blobs/sha256/([0-9a-f]{64})");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final int MAX_RANGE = 8 << 20;

  private final HttpsServer server;
  private final ExecutorService executor;
  private final ImageCache cache;
  private final Semaphore slots;
  private final AtomicLong rangesServed = new AtomicLong();
  private final AtomicLong bytesServed = new AtomicLong();

  private PeerChunkServer(
      HttpsServer server, ExecutorService executor, ImageCache cache, int maxConcurrent) {
    this.server = server;
    this.executor = executor;
    this.cache = cache;
    this.slots = new Semaphore(maxConcurrent);
  }

  /** Binds {@code address} (port 0: a free one) and starts serving. */
  public static PeerChunkServer start(
      InetSocketAddress address, SSLContext tls, ImageCache cache, int maxConcurrent) {
    requireNonNull(cache, "cache is null");
    try {
      HttpsServer server = HttpsServer.create(address, 64);
      server.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = tls.getDefaultSSLParameters();
              parameters.setProtocols(new String[] {"TLSv1.3"});
              parameters.setNeedClientAuth(true);
              params.setSSLParameters(parameters);
            }
          });
      ExecutorService executor =
          Executors.newFixedThreadPool(
              Math.max(2, maxConcurrent),
              r -> {
                Thread t = new Thread(r, "peer-chunks");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      PeerChunkServer peer = new PeerChunkServer(server, executor, cache, maxConcurrent);
      server.createContext("/blobs/", peer::handle);
      server.start();
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the peer chunk server to " + address, e);
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public long rangesServed() {
    return rangesServed.get();
  }

  public long bytesServed() {
    return bytesServed.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      Matcher range = RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
      if (!exchange.getRequestMethod().equals("GET") || !path.matches()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!range.matches()) {
        exchange.sendResponseHeaders(416, -1); // peers serve ranges only
        return;
      }
      // Every answer says what this host holds of the blob, so the asker knows whom to ask next.
      cache
          .chunksHeld(path.group(1))
          .ifPresent(b -> exchange.getResponseHeaders().set(ChunkBitmap.HEADER, b.encode()));
      Optional<Path> file =
          cache.readable(
              path.group(1), Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
      if (file.isEmpty()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!slots.tryAcquire()) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      try {
        serve(exchange, file.get(), Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
      } finally {
        slots.release();
      }
    }
  }

  private void serve(HttpExchange exchange, Path file, long first, long last) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (first > last || first >= size || last - first + 1 > MAX_RANGE) {
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      long end = Math.min(last, size - 1);
      int length = (int) (end - first + 1);
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining()) {
        if (ch.read(buf, first + buf.position()) < 0) {
          throw new IOException("file shrank");
        }
      }
      exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + end + "/" + size);
      exchange.sendResponseHeaders(206, length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(buf.array());
      }
      rangesServed.incrementAndGet();
      bytesServed.addAndGet(length);
    } catch (NoSuchFileException e) {
      exchange.sendResponseHeaders(404, -1); // evicted meanwhile
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
