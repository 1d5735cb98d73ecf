package io.xenia.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka broker's classpath, which this module's build resolved (see {@code
 * src/kafka-broker/pom.xml}) and stored as the resource {@value #RESOURCE}: absolute paths of jars
 * in the local Maven repository of the machine that built this module.
 */
final class BrokerClasspath {

  static final String RESOURCE = "kafka-broker.classpath";

  private BrokerClasspath() {}

  /** The broker's jars, each checked to exist. */
  static List<Path> jars() {
    String text;
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource io/xenia/testsupport/"
                + RESOURCE
                + " is missing: xenia-test-support was built without its generate-resources step,"
                + " which resolves the Kafka broker's classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Kafka broker classpath resource", e);
    }
    List<Path> jars = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = Path.of(entry.trim());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "the Kafka broker classpath names "
                + jar
                + ", which does not exist: rebuild xenia-test-support on this machine"
                + " (./mvnw -pl test-support install) to resolve the broker's jars into the local repository");
      }
      jars.add(jar);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("the Kafka broker classpath resource is empty");
    }
    return jars;
  }
}
