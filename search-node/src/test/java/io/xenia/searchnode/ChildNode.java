package io.xenia.searchnode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code search-node --console} in its own JVM, driven line by line: a real process with its own
 * sockets, killed with SIGKILL when the test wants a crash.
 */
final class ChildNode implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  final String address;

  ChildNode(List<String> arguments, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SearchNodeMain.class.getName());
    command.addAll(arguments);
    command.add("--console");
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error reader: " + e.getMessage());
              }
            },
            "child-stdout");
    reader.setDaemon(true);
    reader.start();
    String banner = next();
    if (!banner.startsWith("search-node ")) {
      throw new IllegalStateException("unexpected first line: " + banner);
    }
    address = banner.substring(banner.lastIndexOf(' ') + 1);
    String joined = next();
    if (!joined.startsWith("joined ")) {
      throw new IllegalStateException("unexpected join line: " + joined);
    }
  }

  /** Sends a command and returns its one answer line. */
  String ask(String command) throws IOException, InterruptedException {
    stdin.write(command + "\n");
    stdin.flush();
    return next();
  }

  private String next() throws InterruptedException {
    String line = lines.poll(60, TimeUnit.SECONDS);
    if (line == null) {
      throw new IllegalStateException(
          "no answer from the child within 60 s (alive: " + process.isAlive() + ")");
    }
    return line;
  }

  /** SIGKILL: no goodbye, no withdrawal. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        stdin.write("quit\n");
        stdin.flush();
      } catch (IOException ignored) {
        // already gone
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
