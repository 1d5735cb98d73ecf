package io.xenia.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that starts a server on a persistent data directory, prints {@code SERVER-PID <pid>} and
 * waits to be killed: the tests kill it with SIGKILL to check what happens to a server whose owner
 * dies.
 *
 * <p>Usage: {@code OrphanParentMain postgres|kafka <data directory>}.
 */
public final class OrphanParentMain {

  private OrphanParentMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    long pid;
    if (args[0].equals("kafka")) {
      pid = KafkaServer.builder().dataDirectory(dir).start().process().pid();
    } else {
      PostgresServer.builder().dataDirectory(dir).start();
      pid = Long.parseLong(Files.readAllLines(dir.resolve("pgdata/postmaster.pid")).get(0).trim());
    }
    System.out.println("SERVER-PID " + pid);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
