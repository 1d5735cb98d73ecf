package io.xenia.hostdaemon.images;

import java.util.BitSet;
import java.util.HexFormat;

/**
 * Which chunks of a blob a peer holds, as it says in the {@value #HEADER} header of every answer:
 * {@code all} (the whole verified file), or {@code <chunkSize>:<count>:<hex>} with bit {@code i}
 * (byte {@code i/8}, bit {@code i%8}, little-endian as {@link BitSet#toByteArray()}) set when chunk
 * {@code i} is verified and written. Fetchers ask a peer for a chunk it said it holds instead of
 * asking blindly; a peer's word is only a hint (every chunk is still verified).
 */
public record ChunkBitmap(boolean all, int chunkSize, int count, BitSet held) {
  /** The response header that carries a peer's bitmap. */
  public static final String HEADER = "X-Xenia-Chunks";

  /** Limits what a peer can make a fetcher allocate: 2^20 chunks (1 TiB at 1 MiB chunks). */
  private static final int MAX_COUNT = 1 << 20;

  public static final ChunkBitmap ALL = new ChunkBitmap(true, 0, 0, new BitSet());

  public ChunkBitmap {
    held = (BitSet) held.clone();
    if (!all && (chunkSize <= 0 || count < 0 || count > MAX_COUNT || held.length() > count)) {
      throw new IllegalArgumentException(
          "a chunk bitmap needs a positive chunk size and at most " + MAX_COUNT + " chunks");
    }
  }

  /** A peer that holds none of the blob (it answered without a bitmap). */
  public static ChunkBitmap none() {
    return new ChunkBitmap(false, 1, 0, new BitSet());
  }

  public static ChunkBitmap of(int chunkSize, int count, BitSet held) {
    return new ChunkBitmap(false, chunkSize, count, held);
  }

  /** Whether every chunk the byte range {@code [offset, offset+length)} touches is held. */
  public boolean covers(long offset, int length) {
    if (all) {
      return true;
    }
    if (offset < 0 || length <= 0) {
      return false;
    }
    long first = offset / chunkSize;
    long last = (offset + length - 1) / chunkSize;
    if (last >= count) {
      return false;
    }
    return held.nextClearBit((int) first) > last;
  }

  /** Chunks held (for logs). */
  public int cardinality() {
    return all ? -1 : held.cardinality();
  }

  public String encode() {
    if (all) {
      return "all";
    }
    return chunkSize + ":" + count + ":" + HexFormat.of().formatHex(held.toByteArray());
  }

  /**
   * The bitmap a header value says; a missing header means the peer holds nothing.
   *
   * @throws IllegalArgumentException for a malformed value
   */
  public static ChunkBitmap parse(String header) {
    if (header == null) {
      return none();
    }
    String v = header.trim();
    if (v.equals("all")) {
      return ALL;
    }
    String[] parts = v.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a chunk bitmap: " + abbreviate(v));
    }
    try {
      int chunkSize = Integer.parseInt(parts[0]);
      int count = Integer.parseInt(parts[1]);
      if (parts[2].length() > (MAX_COUNT / 8 + 1) * 2) {
        throw new IllegalArgumentException("chunk bitmap too long");
      }
      return of(chunkSize, count, BitSet.valueOf(HexFormat.of().parseHex(parts[2])));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a chunk bitmap: " + abbreviate(v), e);
    }
  }

  private static String abbreviate(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}
