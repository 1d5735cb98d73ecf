package io.xenia.bench.dht;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DHT messages per second over real UDP on 127.0.0.1 against a raw Netty UDP echo measured in the
 * same run: two DHT nodes, one keeping a window of PINGs in flight to the other (each PONG sends
 * the next PING), versus the same window of plain datagrams echoed. A message is one datagram
 * either way, so messages/s = 2 x round trips/s. Rounds alternate the order (ABBA) because this
 * machine is shared and noisy.
 *
 * <p>Usage: {@code UdpThroughputBench [seconds per measurement, default 5] [rounds, default 4]
 * [window, default 200]}.
 */
public final class UdpThroughputBench {
  private UdpThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.err.println("warming up (both paths, 2 x " + seconds + " s)");
    measureRaw(seconds, window);
    measureDht(seconds, window);
    double rawTotal = 0;
    double dhtTotal = 0;
    for (int round = 0; round < rounds; round++) {
      boolean rawFirst = round % 4 == 0 || round % 4 == 3;
      double raw;
      double dht;
      if (rawFirst) {
        raw = measureRaw(seconds, window);
        dht = measureDht(seconds, window);
      } else {
        dht = measureDht(seconds, window);
        raw = measureRaw(seconds, window);
      }
      rawTotal += raw;
      dhtTotal += dht;
      System.out.printf(
          "round %d: raw echo %.0f msgs/s, DHT %.0f msgs/s, ratio %.1f%%%n",
          round + 1, raw, dht, 100 * dht / raw);
    }
    System.out.printf(
        "udp-throughput: raw echo %.0f msgs/s, DHT PING/PONG %.0f msgs/s, DHT/raw = %.1f%%"
            + " (mean of %d ABBA rounds, window %d)%n",
        rawTotal / rounds, dhtTotal / rounds, 100 * dhtTotal / rawTotal, rounds, window);
  }

  private static double measureRaw(int seconds, int window) throws Exception {
    try (RawUdpEcho echo = new RawUdpEcho(64)) {
      echo.start(window);
      Thread.sleep(500);
      long before = echo.roundTrips();
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long trips = echo.roundTrips() - before;
      return 2 * trips / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double measureDht(int seconds, int window) throws Exception {
    SecureRandom random = new SecureRandom();
    DhtConfig config = DhtConfig.defaults();
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    try (UdpDhtNode server =
            UdpDhtNode.start(
                config,
                NodeIdentity.uncertified(Ed25519KeyPair.generate(random)),
                MembershipPolicy.open(),
                any);
        UdpDhtNode client =
            UdpDhtNode.start(
                config,
                NodeIdentity.uncertified(Ed25519KeyPair.generate(random)),
                MembershipPolicy.open(),
                any)) {
      AtomicLong roundTrips = new AtomicLong();
      InetSocketAddress target = server.address();
      if (!client.node().ping(target).get()) {
        throw new IllegalStateException("no PONG from the server node");
      }
      for (int i = 0; i < window; i++) {
        pingForever(client.node(), target, roundTrips);
      }
      Thread.sleep(500);
      long before = roundTrips.get();
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long trips = roundTrips.get() - before;
      return 2 * trips / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void pingForever(DhtNode node, InetSocketAddress target, AtomicLong roundTrips) {
    node.ping(target)
        .whenComplete(
            (answered, error) -> {
              if (error == null) {
                if (answered) {
                  roundTrips.incrementAndGet();
                }
                pingForever(node, target, roundTrips);
              }
            });
  }
}
