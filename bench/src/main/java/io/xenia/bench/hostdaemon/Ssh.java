package io.xenia.bench.hostdaemon;

import io.xenia.testsupport.OpenSsh;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host-daemon benches do from the customer's side: wait for SSH, log in; and run tools.
 */
final class Ssh {
  private Ssh() {}

  /** Returns once an SSH identification string arrives on {@code host:port}; 30 s at most. */
  static void waitForBanner(String host, int port) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 500);
        socket.setSoTimeout(500);
        InputStream in = socket.getInputStream();
        if (new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("SSH-")) {
          return;
        }
      } catch (IOException e) {
        // Not yet.
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no SSH banner on " + host + ":" + port);
  }

  /** A real OpenSSH login with the customer's key, running {@code true}. */
  static void login(String host, int port, String user, Path key) throws Exception {
    OpenSsh.run(key, user, host, port, "true");
  }

  /** A free TCP port on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs {@code command}, returns its output; fails on a non-zero exit or after 60 s. */
  static String run(List<String> command) throws Exception {
    return OpenSsh.exec(command);
  }
}
