package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link OrphanParentMain} in a JVM with this test JVM's classpath. */
final class ChildJvm {

  final Process process;

  /** The pids it reported, by name ({@code POSTGRES-PID}, {@code KAFKA-PID}). */
  final Map<String, Long> pids;

  private ChildJvm(Process process, Map<String, Long> pids) {
    this.process = process;
    this.pids = pids;
  }

  /** Starts the owner JVM and returns once it has reported both servers' pids. */
  static ChildJvm startOwner(Path postgresDirectory, Path kafkaDirectory) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OrphanParentMain.class.getName());
    command.add(postgresDirectory.toString());
    command.add(kafkaDirectory.toString());
    Process owner = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    Map<String, Long> pids = new LinkedHashMap<>();
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.matches("[A-Z]+-PID \\d+")) {
        String[] parts = line.split(" ");
        pids.put(parts[0], Long.parseLong(parts[1]));
        if (pids.size() == 2) {
          drain(out);
          return new ChildJvm(owner, pids);
        }
      } else {
        seen.append(line).append('\n');
      }
    }
    owner.destroyForcibly();
    return fail("the owner JVM exited before reporting its servers:\n" + seen);
  }

  /** Keeps reading the owner's output so that it never blocks on a full pipe. */
  private static void drain(BufferedReader out) {
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
            },
            "owner-output-drain");
    drain.setDaemon(true);
    drain.start();
  }
}
