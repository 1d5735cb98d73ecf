package io.xenia.broker.search;

import io.micronaut.context.exceptions.ConfigurationException;
import java.net.InetSocketAddress;

/** Parses {@code host:port} settings ({@code [::1]:7700} for IPv6 literals). */
final class HostPorts {
  private HostPorts() {}

  /**
   * The address, unresolved names resolved now.
   *
   * @param key the configuration key, for the error message
   * @throws ConfigurationException if it is not host:port with a port in 0..65535
   */
  static InetSocketAddress parse(String hostPort, String key) {
    String text = hostPort == null ? "" : hostPort.strip();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigurationException(key + ": expected host:port, got '" + hostPort + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key + ": bad port in '" + hostPort + "'", e);
    }
    if (port < 0 || port > 65535) {
      throw new ConfigurationException(key + ": port out of range in '" + hostPort + "'");
    }
    return new InetSocketAddress(host, port);
  }

  /** {@code host:port} as a seed list entry would name it. */
  static String format(InetSocketAddress address) {
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
