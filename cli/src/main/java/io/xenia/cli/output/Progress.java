package io.xenia.cli.output;

import java.io.PrintWriter;

/**
 * Progress on stderr (stdout keeps only results): on a terminal one line redrawn in place, else one
 * plain line per change, so logs and pipes stay readable. Not thread-safe.
 */
public final class Progress {
  private final PrintWriter err;
  private final boolean interactive;
  private String last = "";
  private int width;

  public Progress(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  /** Shows {@code line}; a line equal to the last one is not repeated. */
  public void update(String line) {
    if (line.equals(last)) {
      return;
    }
    last = line;
    if (interactive) {
      err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends the redrawn line, so what follows starts on its own. */
  public void done() {
    if (interactive && width > 0) {
      err.println();
      err.flush();
    }
  }

  /** {@code [#####.....] 50% 12/24 chunks}: a bar of {@code done} out of {@code total}. */
  public static String bar(long done, long total, int cells) {
    int filled = total == 0 ? cells : (int) (done * cells / total);
    long percent = total == 0 ? 100 : done * 100 / total;
    return "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "] " + percent + "%";
  }
}
