package io.xenia.hostdaemon.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the contents of some files, to notice that one changed. Content, not mtime: an edit
 * within the file system's timestamp granularity is still seen, and a touch without a change is not
 * a change. A missing file counts as its own state.
 */
final class FileDigest {
  private FileDigest() {}

  static String of(List<Path> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        sha.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        try {
          byte[] bytes = Files.readAllBytes(f);
          sha.update(Long.toString(bytes.length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(bytes);
        } catch (NoSuchFileException e) {
          sha.update("missing".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
          sha.update(("unreadable " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }
}
