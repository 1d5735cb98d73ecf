package io.xenia.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The main class of the Kafka broker child JVM that {@link KafkaServer} starts: {@code
 * KafkaBrokerMain [--format] server.properties}.
 *
 * <p>It ties the broker's life to its parent: the parent holds the write end of this process's
 * standard input and never writes to it, so reading it returns end-of-file exactly when the parent
 * closes it or dies (even by SIGKILL). Then this JVM exits normally, which runs the broker's own
 * shutdown hook (a clean shutdown).
 *
 * <p>With {@code --format}, it first formats the (empty) storage directories named in the
 * configuration with a fresh cluster id, in this same JVM (saving the start of a separate JVM for
 * the storage tool).
 *
 * <p>It runs on the broker's classpath only, where none of this module's other classes is present:
 * it uses the JDK and, through reflection, Kafka ({@code kafka_2.13} is not a compile-time
 * dependency of this module). It must not use anonymous or nested classes either, since only this
 * class file is copied next to the broker.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  /**
   * Runs the broker until the parent goes away or the process is terminated.
   *
   * @param args {@code [--format] <server.properties>}
   */
  public static void main(String[] args) throws Throwable {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !"--format".equals(args[0]))) {
      System.err.println("usage: KafkaBrokerMain [--format] <server.properties>");
      System.exit(2);
    }
    watchParent();
    String config = args[args.length - 1];
    try {
      if (args.length == 2) {
        format(config);
      }
      Method main = Class.forName("kafka.Kafka").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {config});
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watchParent() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // The parent writes nothing; only the end of the stream matters.
                }
              } catch (IOException e) {
                // A broken stdin means the same: the parent is gone.
              }
              System.err.println("[xenia] parent process closed stdin: shutting the broker down");
              System.exit(0);
            },
            "xenia-parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void format(String config) throws ReflectiveOperationException {
    String clusterId =
        Class.forName("org.apache.kafka.common.Uuid")
            .getMethod("randomUuid")
            .invoke(null)
            .toString();
    Method execute =
        Class.forName("kafka.tools.StorageTool")
            .getMethod("execute", String[].class, PrintStream.class);
    String[] formatArgs = {"format", "--config", config, "--cluster-id", clusterId};
    int code = (Integer) execute.invoke(null, formatArgs, System.out);
    if (code != 0) {
      System.err.println("[xenia] formatting the broker storage failed with code " + code);
      System.exit(code);
    }
  }
}
