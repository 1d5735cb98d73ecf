package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  @Test
  void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
    ReplayWindow w = new ReplayWindow();
    assertTrue(w.accept(5));
    assertFalse(w.accept(5));
    assertTrue(w.accept(3));
    assertTrue(w.accept(0));
    assertFalse(w.accept(3));
    assertTrue(w.accept(5000));
    assertFalse(w.accept(5000 - ReplayWindow.SIZE));
    assertTrue(w.accept(5000 - ReplayWindow.SIZE + 1));
    assertFalse(w.accept(-1));
  }

  @Test
  void matchesABitSetOracleOnRandomTraffic() {
    Random random = new Random(11);
    ReplayWindow w = new ReplayWindow();
    BitSet seen = new BitSet();
    long highest = -1;
    for (int i = 0; i < 200_000; i++) {
      long c = Math.max(0, highest + random.nextInt(300) - 200);
      boolean expected = !seen.get((int) c) && (c > highest || highest - c < ReplayWindow.SIZE);
      assertTrue(expected == w.accept(c), "counter " + c + " at highest " + highest);
      if (expected) {
        seen.set((int) c);
        highest = Math.max(highest, c);
      }
    }
  }
}
