package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The host's control API: versioned JSON over HTTPS with mutual TLS (the JDK's HTTPS server, TLS
 * 1.3 only). The handshake demands a client certificate that chains to the broker's host CA and is
 * not revoked ({@link ControlTls}); anyone else is refused before a byte of HTTP is read. Routes
 * and their JSON are in {@link ControlApiHandler} and docs/host-daemon.md.
 *
 * <p>Requests run on a cached pool of daemon threads, so a long event stream does not hold up
 * admissions; {@link HostControl} is called concurrently.
 */
public final class ControlApiServer implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService executor;
  private final ControlApiHandler handler;

  private ControlApiServer(
      HttpsServer server, ExecutorService executor, ControlApiHandler handler) {
    this.server = server;
    this.executor = executor;
    this.handler = handler;
  }

  /** Binds {@code address} (port 0: a free one) and starts serving. */
  public static ControlApiServer start(
      InetSocketAddress address, SSLContext tls, HostControl control) {
    requireNonNull(control, "control is null");
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
      AtomicInteger threads = new AtomicInteger();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "control-api-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      ControlApiHandler handler = new ControlApiHandler(control);
      server.createContext("/v1/", handler);
      server.start();
      return new ControlApiServer(server, executor, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the control API to " + address, e);
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting, ends event streams, and waits up to a second for requests in flight. */
  @Override
  public void close() {
    handler.close();
    server.stop(1);
    executor.shutdownNow();
  }
}
