package io.xenia.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;

/** The loopback address every server of this module binds to, and free ports on it. */
final class Loopback {

  /** The only address the servers listen on. Never a wildcard, never a public interface. */
  static final String HOST = "127.0.0.1";

  private Loopback() {}

  static InetAddress address() {
    try {
      return InetAddress.getByName(HOST);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve " + HOST, e);
    }
  }

  /**
   * A port that was free on {@link #HOST} a moment ago. The caller binds it soon after; another
   * process may take it in between, which callers detect as a failed start.
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, address())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /** Whether something accepts TCP connections on {@code HOST:port} right now. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
