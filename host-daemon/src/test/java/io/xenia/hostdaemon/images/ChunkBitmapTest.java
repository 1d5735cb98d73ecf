package io.xenia.hostdaemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The header in which a peer says which chunks it holds. */
class ChunkBitmapTest {
  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }

  @Test
  void encodesAndParsesBackTheSameChunks() {
    ChunkBitmap b = ChunkBitmap.of(1024, 12, bits(0, 3, 9, 11));
    assertEquals("1024:12:090a", b.encode());
    ChunkBitmap back = ChunkBitmap.parse(b.encode());
    assertEquals(b.held(), back.held());
    assertEquals(12, back.count());
    assertEquals(1024, back.chunkSize());
    assertEquals("all", ChunkBitmap.parse("all").encode());
    assertEquals("1:0:", ChunkBitmap.none().encode());
  }

  @Test
  void aRangeIsCoveredOnlyWhenEveryChunkItTouchesIsHeld() {
    ChunkBitmap b = ChunkBitmap.of(100, 5, bits(1, 2, 4));
    assertTrue(b.covers(100, 100)); // chunk 1
    assertTrue(b.covers(150, 100)); // chunks 1-2
    assertFalse(b.covers(0, 100)); // chunk 0
    assertFalse(b.covers(250, 100)); // chunks 2-3
    assertTrue(b.covers(400, 30)); // the short last chunk
    assertFalse(b.covers(500, 1)); // beyond the blob
    assertFalse(b.covers(-1, 10));
    assertTrue(ChunkBitmap.ALL.covers(1L << 40, 1 << 20));
    assertFalse(ChunkBitmap.none().covers(0, 1));
    assertFalse(ChunkBitmap.parse(null).covers(0, 1)); // no header: holds nothing
  }

  @Test
  void malformedValuesAreRefusedWithTheValue() {
    for (String bad :
        new String[] {"", "some", "1:2", "x:1:00", "0:1:00", "1024:-1:", "1024:2:zz", "8:2:ff"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> ChunkBitmap.parse(bad), bad);
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }
    // A peer cannot make a fetcher allocate a huge bitmap.
    assertThrows(IllegalArgumentException.class, () -> ChunkBitmap.parse("1:2000000:00"));
  }
}
