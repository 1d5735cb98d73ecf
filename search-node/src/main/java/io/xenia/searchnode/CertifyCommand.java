package io.xenia.searchnode;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipRole;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.crypto.KeyFileException;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code search-node certify}: the platform CA signs a membership certificate for a node key, so
 * that an operator can admit a new search node into a closed search network. The CA key is the
 * broker's {@code xenia.search.ca-key-file}; whoever runs this holds it, so it is an operator step
 * on the broker's machine, never something a node does for itself.
 */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    description = "Signs a DHT membership certificate for a node key with the platform CA key.")
final class CertifyCommand implements Callable<Integer> {
  @Option(names = "--ca-key", required = true, description = "the CA's Ed25519 private key (PEM)")
  Path caKeyFile;

  @Option(
      names = "--subject",
      required = true,
      description =
          "the node's key: its public key PEM, or its private key PEM (only the public half is used)")
  Path subjectFile;

  @Option(names = "--name", required = true, description = "a name for logs, e.g. search-3.eu")
  String name;

  @Option(
      names = "--role",
      description = "broker, search_node or host (default ${DEFAULT-VALUE})",
      converter = RoleConverter.class)
  MembershipRole role = MembershipRole.SEARCH_NODE;

  @Option(names = "--validity", description = "ISO-8601 duration (default ${DEFAULT-VALUE})")
  Duration validity = Duration.ofDays(30);

  @Option(names = "--out", required = true, description = "where to write the certificate (JSON)")
  Path out;

  @Option(names = "--ca-public-out", description = "also write the CA's public key (PEM) here")
  Path caPublicOut;

  private final PrintStream console;
  private final Clock clock;

  CertifyCommand(PrintStream console, Clock clock) {
    this.console = console;
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("--validity must be positive, got " + validity);
    }
    Ed25519KeyPair ca = KeyFiles.loadPrivateKey(caKeyFile);
    Ed25519PublicKey subject = readSubject(subjectFile);
    Instant now = clock.instant();
    long serial = new SecureRandom().nextLong() & MembershipClaims.MAX_SERIAL;
    MembershipCertificate certificate =
        MembershipCertificate.issue(
            ca, MembershipClaims.of(subject, role, name, serial, now, now.plus(validity)));
    Files.write(out, certificate.toJson());
    if (caPublicOut != null) {
      KeyFiles.storePublicKey(caPublicOut, ca.publicKey());
    }
    console.println(
        "certified " + name + " as " + role.name().toLowerCase() + " until " + now.plus(validity));
    return 0;
  }

  /** Accepts either half: operators usually have the node's private key file at hand. */
  private static Ed25519PublicKey readSubject(Path file) throws IOException {
    try {
      return KeyFiles.loadPublicKey(file);
    } catch (KeyFileException notPublic) {
      return KeyFiles.loadPrivateKey(file).publicKey();
    }
  }

  /** Role names as operators type them, in any case, with - or _. */
  static final class RoleConverter implements picocli.CommandLine.ITypeConverter<MembershipRole> {
    @Override
    public MembershipRole convert(String value) {
      return MembershipRole.valueOf(value.trim().toUpperCase().replace('-', '_'));
    }
  }
}
