package io.xenia.hostdaemon.driver.qemu;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * Counts the frames of one QEMU machine from the copies its hub sends to a UDP port on 127.0.0.1
 * (see io.xenia.bmcsim.QemuMachine: {@code -netdev dgram} on the machine's hub). One daemon thread
 * per machine receives and tallies; QEMU sends fire-and-forget, so a copy the kernel drops because
 * this thread fell behind is a frame not counted: the counts may understate, never overstate.
 */
final class FrameMeter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FrameMeter.class.getName());

  /**
   * Where QEMU sends the copies from (QemuMachine.METER_SENDER). Datagrams from anywhere else (a
   * guest reaches 127.0.0.1 through its user network's 10.0.2.2, from 127.0.0.1) are not counted.
   */
  static final InetAddress SENDER = loopback(2);

  /** Room for a few ms of frames when the thread is not scheduled (the kernel caps it). */
  private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  private final DatagramChannel channel;
  private final FrameTally tally;
  private final Thread thread;

  /** Binds 127.0.0.1:{@code port} and starts counting from zero. */
  FrameMeter(String machineId, int port, String mac) throws IOException {
    this.tally = new FrameTally(mac);
    this.channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
      channel.bind(new InetSocketAddress(loopback(1), port));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    this.thread = new Thread(this::receive, "frame-meter-" + machineId);
    thread.setDaemon(true);
    thread.start();
  }

  long rxBytes() {
    return tally.rxBytes();
  }

  long txBytes() {
    return tally.txBytes();
  }

  private void receive() {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    try {
      while (true) {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (from instanceof InetSocketAddress sender && sender.getAddress().equals(SENDER)) {
          tally.count(buffer.array(), buffer.position());
        }
      }
    } catch (ClosedChannelException e) {
      // closed: done
    } catch (IOException e) {
      LOG.log(Level.WARNING, "frame meter stopped: {0}", e.toString());
    }
  }

  /**
   * Stops counting and returns once the port is free again. A channel closed while its thread is
   * blocked in {@code receive} releases the socket only when that thread has left the call, so
   * without the join a meter restarted on the same port (a new deployment) could fail to bind.
   */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing a frame meter: {0}", e.toString());
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress loopback(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
