package io.xenia.searchnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.index.SearchResult;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three search-node processes and three in-process nodes on real UDP on 127.0.0.1, in a closed
 * network (every node certified by one CA): each process publishes advertisements of its own
 * machines and finds everyone's; after one process is killed with SIGKILL, its advertisements are
 * still found, from the replicas the others hold.
 */
class MultiProcessSearchTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final List<UdpDhtNode> local = new ArrayList<>();
  private final List<ChildNode> children = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    for (ChildNode child : children) {
      child.close();
    }
    local.forEach(UdpDhtNode::close);
  }

  private MembershipCertificate certificate(Ed25519KeyPair key, String name) {
    Instant now = Instant.now();
    return MembershipCertificate.issue(
        ca,
        new MembershipClaims(
            MembershipClaims.VERSION,
            key.publicKey(),
            MembershipRole.SEARCH_NODE,
            name,
            random.nextInt(1_000_000),
            now.minusSeconds(60),
            now.plus(Duration.ofDays(1))));
  }

  private static SignedEnvelope advertisement(Ed25519KeyPair host, String machine, int cpus) {
    Resources resources = new Resources(cpus, cpus * 4096L, 100, 1000, 0, "");
    Advertisement ad =
        new Advertisement(
            Advertisement.VERSION,
            host.publicKey().fingerprint(),
            "acct-" + machine,
            machine,
            Location.region("eu-west-1"),
            resources,
            resources,
            new Capabilities(Set.of("pxe"), Set.of("debian-12"), Set.of()),
            PriceList.hourly(Money.parse(EUR, "0." + (10 + cpus))),
            1,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            3600);
    return SignedEnvelope.sign(Advertisement.TYPE, ad, host);
  }

  @Test
  void processesPublishAndFindEachOthersAdvertisementsAndSurviveAKill() throws Exception {
    Path caFile = dir.resolve("ca.pub.pem");
    KeyFiles.storePublicKey(caFile, ca.publicKey());
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    MembershipPolicy policy =
        MembershipPolicy.requireCertificate(ca.publicKey(), Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      Ed25519KeyPair key = Ed25519KeyPair.generate(random);
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.certified(key, certificate(key, "local-" + i)),
              policy,
              new InetSocketAddress("127.0.0.1", 0));
      if (i > 0) {
        node.join(List.of(local.get(0).address())).get(20, TimeUnit.SECONDS);
      }
      local.add(node);
    }
    String seed = "127.0.0.1:" + local.get(0).address().getPort();

    List<String> expected = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      Ed25519KeyPair key = Ed25519KeyPair.generate(random);
      Path keyFile = dir.resolve("node-" + p + ".pem");
      Path certFile = dir.resolve("node-" + p + ".cert.json");
      KeyFiles.storePrivateKey(keyFile, key);
      Files.write(certFile, certificate(key, "process-" + p).toJson());
      ChildNode child =
          new ChildNode(
              List.of(
                  "--bind",
                  "127.0.0.1:0",
                  "--seed",
                  seed,
                  "--key",
                  keyFile.toString(),
                  "--certificate",
                  certFile.toString(),
                  "--ca",
                  caFile.toString(),
                  "--dht",
                  "dht.rpc.timeout.ms=300"),
              dir.resolve("node-" + p + ".log"));
      children.add(child);
      for (int m = 0; m < 2; m++) {
        String machine = "p" + p + "-m" + m;
        Path adFile = dir.resolve(machine + ".json");
        Files.write(adFile, advertisement(key, machine, 4 + 4 * m + p).toJson());
        String answer = child.ask("publish " + adFile);
        assertTrue(answer.startsWith("published " + machine), answer);
        expected.add(key.publicKey().fingerprint() + "/" + machine);
      }
    }

    for (ChildNode child : children) {
      assertFound(child.ask("search cpu>=4 region=eu-*"), expected);
    }
    SearchIndex index = SearchIndex.create(local.get(1).node(), EUR, Clock.systemUTC());
    assertEquals(6, search(index, "cpu>=4").total());
    assertEquals(2, search(index, "cpu>=9").total(), "cpu 9 and 10 only");

    children.get(2).kill();
    assertFound(children.get(0).ask("search cpu>=4"), expected);
    assertFound(
        children.get(1).ask("search mem>=24GiB"),
        expected.subList(0, 6).stream()
            .filter(e -> !e.endsWith("p0-m0") && !e.endsWith("p1-m0"))
            .toList());
    assertEquals(6, search(index, "cpu>=4").total(), "the killed process's offers survive");
  }

  private static SearchResult search(SearchIndex index, String query) throws Exception {
    return index
        .search(Query.parse(query), SearchOptions.defaults().withPageSize(100))
        .get(30, TimeUnit.SECONDS);
  }

  private static void assertFound(String answer, List<String> expected) {
    assertTrue(answer.startsWith("found "), answer);
    String[] parts = answer.split(" ");
    assertEquals(expected.size(), Integer.parseInt(parts[1]), answer);
    Set<String> found = parts.length > 2 ? Set.of(parts[2].split(",")) : Set.of();
    assertEquals(Set.copyOf(expected), found, answer);
  }
}
