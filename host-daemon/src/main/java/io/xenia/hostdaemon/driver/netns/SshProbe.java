package io.xenia.hostdaemon.driver.netns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether SSH answers on a 127.0.0.1 port. The forwarder accepts connections before dropbear is up,
 * so an open port proves nothing: SSH answers when the server's banner ({@code SSH-}) arrives.
 */
final class SshProbe {
  private SshProbe() {}

  static boolean answers(int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      InputStream in = socket.getInputStream();
      byte[] banner = in.readNBytes(4);
      return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }
}
