package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The UDP side of the meter on loopback: what QEMU's hub copies look like, and what they don't. */
class FrameMeterTest {
  private static final String MAC = "52:54:00:12:34:56";

  private static byte[] frame(String source, int length) {
    byte[] frame = new byte[length];
    System.arraycopy(HexFormat.ofDelimiter(":").parseHex(source), 0, frame, 6, 6);
    return frame;
  }

  private static void send(InetAddress from, int port, byte[] frame) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
      socket.send(
          new DatagramPacket(frame, frame.length, InetAddress.getByName("127.0.0.1"), port));
    }
  }

  private static void awaitValue(long expected, LongSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (actual.getAsLong() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(expected, actual.getAsLong());
  }

  @Test
  void countsCopiesFromQemusSenderAddressOnly() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    try (FrameMeter meter = new FrameMeter("m1", port, MAC)) {
      // What a guest can do: send to 10.0.2.2:port, which its user network sends from 127.0.0.1.
      send(InetAddress.getByName("127.0.0.1"), port, frame(MAC, 9000));
      send(FrameMeter.SENDER, port, frame(MAC, 1514));
      send(FrameMeter.SENDER, port, frame("52:55:0a:00:02:02", 1000));
      awaitValue(1514, meter::txBytes);
      awaitValue(1000, meter::rxBytes);
      // A second meter cannot take the same port.
      assertThrows(IOException.class, () -> new FrameMeter("m2", port, MAC).close());
    }
    // Closed: the port is free again (a restart binds it anew).
    new FrameMeter("m1", port, MAC).close();
  }

  @Test
  void aClosedMeterHasFreedItsPortWhenCloseReturns() throws Exception {
    // A new deployment restarts the machine's meter on the same port right after closing it; a
    // channel closed under a blocked receive once kept the port for a moment (CI: "Address
    // already in use").
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    for (int i = 0; i < 200; i++) {
      new FrameMeter("m1", port, MAC).close();
    }
  }
}
