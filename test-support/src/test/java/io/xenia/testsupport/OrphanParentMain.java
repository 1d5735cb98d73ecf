package io.xenia.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that starts a PostgreSQL server and a Kafka broker on persistent data directories, prints
 * {@code POSTGRES-PID <pid>} and {@code KAFKA-PID <pid>}, then waits to be killed: the tests kill
 * it with SIGKILL to check what becomes of servers whose owner dies.
 *
 * <p>Usage: {@code OrphanParentMain <postgres data directory> <kafka data directory>}.
 */
public final class OrphanParentMain {

  private OrphanParentMain() {}

  public static void main(String[] args) throws Exception {
    Path pgDir = Path.of(args[0]);
    PostgresServer.builder().dataDirectory(pgDir).start();
    String postmaster = Files.readAllLines(pgDir.resolve("pgdata/postmaster.pid")).get(0).trim();
    System.out.println("POSTGRES-PID " + postmaster);
    System.out.println(
        "KAFKA-PID "
            + KafkaServer.builder().dataDirectory(Path.of(args[1])).start().process().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
