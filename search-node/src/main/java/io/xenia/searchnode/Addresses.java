package io.xenia.searchnode;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code host:port} command-line addresses. */
final class Addresses {
  private Addresses() {}

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + hostPort + "'", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
    }
    return new InetSocketAddress(hostPort.substring(0, colon), port);
  }

  static List<InetSocketAddress> parseAll(List<String> hostPorts) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hostPort : hostPorts) {
      out.add(parse(hostPort));
    }
    return out;
  }
}
