package io.xenia.searchnode;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code search-node}: runs one DHT node with the offer index on real UDP/TCP, so that an operator
 * can add index capacity (it stores and serves its share of the index like any other node). With
 * {@code --console} it also reads commands from standard input ({@link Console}), which is how the
 * multi-process tests drive it and how an operator can poke at the index.
 *
 * <p>Prints {@code search-node <id> listening on <host:port>} once bound, then {@code joined <n>}
 * once the join lookup is done; stops on SIGTERM/SIGINT (or end of input with {@code --console}).
 * {@code search-node certify} ({@link CertifyCommand}) issues the membership certificate a node
 * needs in a closed network.
 */
@Command(
    name = "search-node",
    mixinStandardHelpOptions = true,
    description = "Runs a Xenia search-dht node (DHT + offer index) on UDP/TCP.")
public final class SearchNodeMain implements Callable<Integer> {
  @Option(names = "--bind", description = "host:port for UDP and TCP (default ${DEFAULT-VALUE})")
  String bind = "127.0.0.1:7700";

  @Option(names = "--seed", description = "host:port of a node to join through (repeatable)")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--key",
      description =
          "the node's Ed25519 key (PKCS#8 PEM); created with mode 0600 if missing (required)")
  Path keyFile;

  @Option(names = "--certificate", description = "the node's membership certificate (JSON)")
  Path certificateFile;

  @Option(
      names = "--ca",
      description = "the platform CA's public key (PEM); peers need its certificate")
  Path caFile;

  @Option(names = "--open", description = "admit peers without certificates (tests only)")
  boolean open;

  @Option(
      names = "--currency",
      description = "settlement currency of the index (default ${DEFAULT-VALUE})")
  String currency = "EUR";

  @Option(names = "--dht", description = "a dht.* tunable, key=value (repeatable)")
  Map<String, String> dht = new LinkedHashMap<>();

  @Option(names = "--console", description = "read commands from standard input")
  boolean console;

  private final PrintStream out;

  SearchNodeMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.out, Clock.systemUTC()).execute(args));
  }

  /** The command with its subcommands, as {@link #main} runs it (and tests drive it). */
  static CommandLine commandLine(PrintStream out, Clock clock) {
    return new CommandLine(new SearchNodeMain(out))
        .addSubcommand("certify", new CertifyCommand(out, clock));
  }

  @Override
  public Integer call() throws Exception {
    if (keyFile == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Missing required option: '--key=<keyFile>'");
    }
    if (open == (caFile != null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "give exactly one of --ca (closed membership) or --open");
    }
    Ed25519KeyPair key = loadOrCreateKey(keyFile);
    NodeIdentity identity =
        certificateFile == null
            ? NodeIdentity.uncertified(key)
            : NodeIdentity.certified(
                key, MembershipCertificate.fromJson(Files.readAllBytes(certificateFile)));
    MembershipPolicy policy =
        open
            ? MembershipPolicy.open()
            : MembershipPolicy.requireCertificate(
                KeyFiles.loadPublicKey(caFile), Clock.systemUTC());
    try (UdpDhtNode node =
        UdpDhtNode.start(DhtConfig.from(dht), identity, policy, Addresses.parse(bind))) {
      SearchIndex index =
          SearchIndex.create(node.node(), Currency.getInstance(currency), Clock.systemUTC());
      out.println("search-node " + node.node().id().toHex() + " listening on " + hostPort(node));
      out.flush();
      int table = node.join(Addresses.parseAll(seeds)).get(60, TimeUnit.SECONDS);
      out.println("joined " + table);
      out.flush();
      if (console) {
        new Console(node, index, key, out)
            .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      } else {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "search-node-stop"));
        stop.await();
      }
    }
    return 0;
  }

  private static String hostPort(UdpDhtNode node) {
    return node.address().getAddress().getHostAddress() + ":" + node.address().getPort();
  }

  private static Ed25519KeyPair loadOrCreateKey(Path file) throws Exception {
    if (Files.exists(file)) {
      return KeyFiles.loadPrivateKey(file);
    }
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    KeyFiles.storePrivateKey(file, key);
    return key;
  }
}
