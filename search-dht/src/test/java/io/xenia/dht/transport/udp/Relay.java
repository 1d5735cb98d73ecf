package io.xenia.dht.transport.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A man in the middle on real sockets: forwards datagrams between one client and a target, records
 * what the client sent, and can inject any bytes towards the target. Both transports see the
 * relay's address as the other's.
 */
final class Relay implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final Thread thread;
  final List<byte[]> fromClient = new CopyOnWriteArrayList<>();
  private volatile InetSocketAddress client;

  Relay(InetSocketAddress target) throws SocketException {
    this.target = target;
    this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.thread = new Thread(this::run, "relay");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sends raw bytes to the target as if from the client. */
  void inject(byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, target));
  }

  private void run() {
    byte[] buf = new byte[65536];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
        if (target.equals(p.getSocketAddress())) {
          if (client != null) {
            socket.send(new DatagramPacket(data, data.length, client));
          }
        } else {
          client = (InetSocketAddress) p.getSocketAddress();
          fromClient.add(data);
          socket.send(new DatagramPacket(data, data.length, target));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
