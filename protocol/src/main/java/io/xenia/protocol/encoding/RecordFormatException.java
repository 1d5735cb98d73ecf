package io.xenia.protocol.encoding;

/**
 * Well-formed canonical JSON that is not a valid record: a field is missing, unknown, of the wrong
 * kind or out of range. The message starts with the path of the offending field, like {@code
 * advertisement.resources.total.cpuCores}.
 */
public class RecordFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * @param path dotted path of the offending field
   * @param problem what is wrong with it
   */
  public RecordFormatException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /**
   * @param path dotted path of the offending field
   * @param problem what is wrong with it
   * @param cause the lower-level failure
   */
  public RecordFormatException(String path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  /** Dotted path of the offending field. */
  public String path() {
    return path;
  }
}
