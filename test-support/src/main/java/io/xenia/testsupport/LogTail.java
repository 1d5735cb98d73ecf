package io.xenia.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a log file, for error messages. */
final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /**
   * The last {@code lines} lines of {@code file} (at most the last 64 KiB of it), or a note saying
   * why there are none. Never throws.
   */
  static String of(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(no log file at " + file + ")";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      String[] all = text.split("\r?\n", -1);
      int end = all.length;
      if (end > 0 && all[end - 1].isEmpty()) {
        end--;
      }
      int start = Math.max(0, end - lines);
      if (end == 0) {
        return "(log file " + file + " is empty)";
      }
      StringBuilder tail = new StringBuilder();
      tail.append("--- last ").append(end - start).append(" lines of ").append(file).append(" ---");
      for (int i = start; i < end; i++) {
        tail.append(System.lineSeparator()).append(all[i]);
      }
      return tail.toString();
    } catch (IOException e) {
      return "(cannot read log file " + file + ": " + e + ")";
    }
  }
}
