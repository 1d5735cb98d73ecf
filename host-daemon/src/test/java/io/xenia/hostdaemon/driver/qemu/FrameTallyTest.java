package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameTallyTest {
  private static final String MAC = "52:54:00:12:34:56";
  private static final String GATEWAY = "52:55:0a:00:02:02"; // QEMU user network's router
  private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";

  /** An Ethernet frame of {@code length} bytes from {@code source} to {@code destination}. */
  private static byte[] frame(String destination, String source, int length) {
    byte[] frame = new byte[length];
    HexFormat hex = HexFormat.ofDelimiter(":");
    System.arraycopy(hex.parseHex(destination), 0, frame, 0, 6);
    System.arraycopy(hex.parseHex(source), 0, frame, 6, 6);
    frame[12] = 0x08; // IPv4
    return frame;
  }

  @Test
  void framesFromTheMachinesMacAreSentAndAllOthersReceived() {
    FrameTally tally = new FrameTally(MAC.toUpperCase());
    tally.count(frame(GATEWAY, MAC, 1514), 1514); // the machine sends
    tally.count(frame(BROADCAST, MAC, 342), 342); // its DHCP discover
    tally.count(frame(MAC, GATEWAY, 1514), 1514); // the gateway answers
    tally.count(frame(MAC, GATEWAY, 60), 60);
    tally.count(frame(BROADCAST, GATEWAY, 42), 42); // an ARP request for everyone: delivered too
    assertEquals(1514 + 342, tally.txBytes());
    assertEquals(1514 + 60 + 42, tally.rxBytes());
  }

  @Test
  void countsOnlyTheGivenLengthAndIgnoresRunts() {
    FrameTally tally = new FrameTally(MAC);
    byte[] buffer = frame(GATEWAY, MAC, 65536); // a receive buffer holding a 100-byte frame
    tally.count(buffer, 100);
    tally.count(frame(GATEWAY, MAC, 13), 13); // shorter than a header: not a frame
    tally.count(new byte[20], 40); // a length beyond the buffer is a caller's bug: not counted
    assertEquals(100, tally.txBytes());
    assertEquals(0, tally.rxBytes());
  }

  @Test
  void aMacThatDiffersInItsLastByteIsAnotherMachine() {
    FrameTally tally = new FrameTally(MAC);
    tally.count(frame(MAC, "52:54:00:12:34:57", 100), 100);
    assertEquals(100, tally.rxBytes());
    assertEquals(0, tally.txBytes());
  }

  @Test
  void rejectsWhatIsNotAMac() {
    assertThrows(IllegalArgumentException.class, () -> new FrameTally("52:54:00:12:34"));
    assertThrows(IllegalArgumentException.class, () -> new FrameTally("52-54-00-12-34-56"));
  }
}
