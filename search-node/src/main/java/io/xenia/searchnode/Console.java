package io.xenia.searchnode;

import io.xenia.dht.DhtMetrics;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.PublishResult;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.index.SearchResult;
import io.xenia.dht.query.Query;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.signing.SignedEnvelope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A line protocol on standard input, one answer line per command:
 *
 * <pre>
 * publish PATH      → published MACHINE stored=N removed=M   (a signed advertisement, this node's key)
 * withdraw MACHINE  → withdrawn MACHINE removed=N
 * search QUERY      → found TOTAL HOST/MACHINE,...           (every page, price order)
 * status            → status table=N entries=M refused=R
 * quit
 * </pre>
 *
 * Failures answer {@code error <message>} and the console goes on. Runs on the main thread and
 * blocks on each call; the node works on its own thread.
 */
final class Console {
  private final UdpDhtNode node;
  private final SearchIndex index;
  private final Ed25519KeyPair hostKey;
  private final PrintStream out;

  Console(UdpDhtNode node, SearchIndex index, Ed25519KeyPair hostKey, PrintStream out) {
    this.node = node;
    this.index = index;
    this.hostKey = hostKey;
    this.out = out;
  }

  void run(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("quit")) {
        return;
      }
      try {
        out.println(answer(line));
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        out.println("error " + cause.getMessage());
      }
      out.flush();
    }
  }

  private String answer(String line) throws Exception {
    int space = line.indexOf(' ');
    String command = space < 0 ? line : line.substring(0, space);
    String argument = space < 0 ? "" : line.substring(space + 1).strip();
    switch (command) {
      case "publish":
        SignedEnvelope ad = SignedEnvelope.fromJson(Files.readAllBytes(Path.of(argument)));
        PublishResult published = index.publish(ad, hostKey).get(30, TimeUnit.SECONDS);
        return "published "
            + io.xenia.protocol.records.Advertisement.open(ad).record().machineId()
            + " stored="
            + published.stored()
            + " removed="
            + published.removed();
      case "withdraw":
        PublishResult withdrawn = index.withdraw(argument, hostKey).get(30, TimeUnit.SECONDS);
        return "withdrawn " + argument + " removed=" + withdrawn.removed();
      case "search":
        return "found " + search(argument);
      case "status":
        DhtMetrics m = node.node().metrics();
        long refused = m.refusedStores().values().stream().mapToLong(Long::longValue).sum();
        return "status table="
            + m.routingTableSize()
            + " entries="
            + m.storedEntries()
            + " refused="
            + refused;
      default:
        return "error unknown command '" + command + "' (publish, withdraw, search, status, quit)";
    }
  }

  private String search(String text) throws Exception {
    Query query = Query.parse(text);
    List<String> machines = new ArrayList<>();
    SearchOptions options = SearchOptions.defaults().withPageSize(100);
    SearchResult result;
    do {
      result = index.search(query, options).get(30, TimeUnit.SECONDS);
      for (Offer offer : result.offers()) {
        machines.add(offer.machineKey());
      }
      if (result.nextPageToken().isPresent()) {
        options = options.withPageToken(result.nextPageToken().get());
      }
    } while (result.nextPageToken().isPresent());
    return result.total() + " " + String.join(",", machines);
  }
}
