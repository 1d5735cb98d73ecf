package io.xenia.protocol.encoding;

/**
 * A record whose {@code version} field names a version this code cannot read, typically one written
 * by newer software. Kept distinct from other format errors so callers can say "upgrade" rather
 * than "corrupt".
 */
public final class UnsupportedVersionException extends RecordFormatException {
  private static final long serialVersionUID = 1L;

  private final long version;

  /**
   * @param path dotted path of the version field
   * @param version the version found
   * @param supported the version this code reads
   */
  public UnsupportedVersionException(String path, long version, int supported) {
    super(path, "unsupported version " + version + "; this code reads version " + supported);
    this.version = version;
  }

  /** The version found. */
  public long version() {
    return version;
  }
}
