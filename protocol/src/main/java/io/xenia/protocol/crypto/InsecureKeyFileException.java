package io.xenia.protocol.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A private key file that group or others may access. Like ssh, Xenia refuses to use such a key: it
 * may already be compromised, and silently accepting it would hide the mistake.
 */
public final class InsecureKeyFileException extends KeyFileException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int mode;

  /**
   * @param file the offending file
   * @param mode its POSIX permission bits, e.g. {@code 0644}
   */
  public InsecureKeyFileException(Path file, int mode) {
    super(
        String.format(
            "permissions %04o for private key file '%s' are too open: it must not be accessible"
                + " by group or others (chmod 600 '%s')",
            mode, requireNonNull(file, "file is null"), file));
    this.file = file;
    this.mode = mode;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }

  /** Its POSIX permission bits, e.g. {@code 0644}. */
  public int mode() {
    return mode;
  }
}
