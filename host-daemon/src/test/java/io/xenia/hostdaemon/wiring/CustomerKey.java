package io.xenia.hostdaemon.wiring;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.testsupport.OpenSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A customer's OpenSSH key made with {@code ssh-keygen}, and the real OpenSSH client logging in
 * with it: what a customer does once a machine answers.
 *
 * @param file the private key file ({@code file.pub} beside it)
 * @param publicKey the key as the agreement names it
 */
record CustomerKey(Path file, Ed25519PublicKey publicKey) {
  static CustomerKey generate(Path dir) throws Exception {
    Path file = dir.resolve("customer_ed25519");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "c", "-f", file.toString()));
    String line = Files.readString(Path.of(file + ".pub")).strip();
    return new CustomerKey(file, BrokerClient.fromOpenSsh(line));
  }

  /** Runs {@code command} on the machine as {@code root}; fails unless it exits 0. */
  String ssh(String host, int port, String command) throws Exception {
    return OpenSsh.run(file, "root", host, port, command);
  }

  static String run(List<String> command) throws Exception {
    return OpenSsh.exec(command);
  }
}
