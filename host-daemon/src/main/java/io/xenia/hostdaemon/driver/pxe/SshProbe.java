package io.xenia.hostdaemon.driver.pxe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether an SSH server answers: its identification line, not just an open port, since QEMU's port
 * forward accepts connections even while nothing listens inside the machine.
 */
public final class SshProbe {
  private SshProbe() {}

  public static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(3000);
      InputStream in = socket.getInputStream();
      byte[] banner = new byte[4];
      int read = 0;
      while (read < banner.length) {
        int n = in.read(banner, read, banner.length - read);
        if (n < 0) {
          return false;
        }
        read += n;
      }
      return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }
}
