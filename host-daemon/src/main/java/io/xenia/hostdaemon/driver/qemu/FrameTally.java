package io.xenia.hostdaemon.driver.qemu;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Byte counters of one machine's network traffic, from copies of its Ethernet frames: a frame whose
 * source MAC is the machine's NIC was sent by the machine (tx), any other frame was delivered to it
 * (rx). A frame counts its whole length as QEMU hands it over: destination, source, EtherType and
 * payload (no preamble, no FCS), like the byte counters of a Linux interface. Safe to count from
 * one thread and read from others.
 */
final class FrameTally {
  /** Destination MAC, source MAC, EtherType: anything shorter is not an Ethernet frame. */
  static final int HEADER_BYTES = 14;

  private final byte[] mac;
  private final AtomicLong rxBytes = new AtomicLong();
  private final AtomicLong txBytes = new AtomicLong();

  /**
   * @param mac the machine's NIC, like {@code 52:54:00:12:34:56} (either case)
   */
  FrameTally(String mac) {
    if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    this.mac = HexFormat.ofDelimiter(":").parseHex(mac.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Counts one frame, the first {@code length} bytes of {@code frame}; ignores runts shorter than
   * an Ethernet header.
   */
  void count(byte[] frame, int length) {
    if (length < HEADER_BYTES || length > frame.length) {
      return;
    }
    if (java.util.Arrays.equals(frame, 6, 12, mac, 0, 6)) {
      txBytes.addAndGet(length);
    } else {
      rxBytes.addAndGet(length);
    }
  }

  long rxBytes() {
    return rxBytes.get();
  }

  long txBytes() {
    return txBytes.get();
  }
}
