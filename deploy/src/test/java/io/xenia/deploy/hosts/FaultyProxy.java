package io.xenia.deploy.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of the broker that breaks responses on purpose: the first
 * {@code faults} connections that carry more than {@code afterBytes} response bytes are either cut
 * there (both sockets closed) or get one byte flipped there. Real sockets, real HTTP in between.
 */
final class FaultyProxy implements AutoCloseable {
  enum Fault {
    CUT,
    CORRUPT
  }

  private final ServerSocket server;
  private final int target;
  private final Fault fault;
  private final long afterBytes;
  private final AtomicInteger faultsLeft;
  private final AtomicInteger faultsDone = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  FaultyProxy(int target, Fault fault, long afterBytes, int faults) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    this.fault = fault;
    this.afterBytes = afterBytes;
    this.faultsLeft = new AtomicInteger(faults);
    Thread accept = new Thread(this::acceptLoop, "faulty-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int faultsDone() {
    return faultsDone.get();
  }

  int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        connections.incrementAndGet();
        pump(client.getInputStream(), upstream.getOutputStream(), client, upstream, false);
        pump(upstream.getInputStream(), client.getOutputStream(), client, upstream, true);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, Socket a, Socket b, boolean responses) {
    Thread t =
        new Thread(
            () -> {
              long seen = 0;
              boolean armed = responses;
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = in.read(buf)) > 0) {
                  if (armed && seen + n > afterBytes) {
                    armed = false;
                    if (faultsLeft.getAndDecrement() > 0) {
                      faultsDone.incrementAndGet();
                      int at = (int) Math.max(0, afterBytes - seen);
                      if (fault == Fault.CUT) {
                        out.write(buf, 0, at);
                        out.flush();
                        a.close();
                        b.close();
                        return;
                      }
                      buf[at] ^= 0x01;
                    }
                  }
                  seen += n;
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed
              } finally {
                try {
                  a.close();
                  b.close();
                } catch (IOException ignored) {
                  // closing
                }
              }
            },
            "faulty-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
