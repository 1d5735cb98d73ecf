package io.xenia.hostdaemon.driver.pxe;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's record of whose deployment is on a machine's disk: a file holding the session id,
 * written once the deploy ramdisk reported done (or a directly booted kernel answered) and removed
 * last by a wipe. The machine's disk is the customer's, so the mark is kept on the host.
 */
record SessionMarker(Path file) {
  Optional<String> read() {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void write(String session) throws DriverException {
    try {
      Files.createDirectories(file.getParent());
      AtomicText.write(file, session + "\n");
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "writing the session marker: " + e, e);
    }
  }

  void clear() throws DriverException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "removing the session marker: " + e, e);
    }
  }
}
