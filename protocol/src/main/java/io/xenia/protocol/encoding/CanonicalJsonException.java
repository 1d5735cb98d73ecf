package io.xenia.protocol.encoding;

/**
 * Input that is not (canonical) Xenia JSON. The message names the problem and the byte offset in
 * the input where it was found.
 */
public final class CanonicalJsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * @param offset the byte offset of the problem in the input
   * @param problem what is wrong
   */
  public CanonicalJsonException(int offset, String problem) {
    super(problem + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset of the problem in the input. */
  public int offset() {
    return offset;
  }
}
