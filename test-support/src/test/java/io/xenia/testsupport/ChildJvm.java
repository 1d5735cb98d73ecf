package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link OrphanParentMain} in a JVM with this test JVM's classpath. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts the owner JVM and returns it once it reports its server's pid (in {@code serverPid[0]}).
   */
  static Process startOwner(String kind, Path dataDirectory, long[] serverPid) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OrphanParentMain.class.getName());
    command.add(kind);
    command.add(dataDirectory.toString());
    Process owner = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("SERVER-PID ")) {
        serverPid[0] = Long.parseLong(line.substring("SERVER-PID ".length()).trim());
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // the owner died
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return owner;
      }
      seen.append(line).append('\n');
    }
    owner.destroyForcibly();
    return fail("the owner JVM exited before reporting its server:\n" + seen);
  }
}
