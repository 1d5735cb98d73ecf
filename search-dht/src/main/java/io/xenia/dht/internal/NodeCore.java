package io.xenia.dht.internal;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtMetrics;
import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.transport.Scheduler;
import io.xenia.dht.transport.Transport;
import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.dht.vivaldi.Vivaldi;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Request;
import io.xenia.dht.wire.Response;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The node: routing table, store, RPC, lookups and maintenance, all owned by one {@link Scheduler}
 * thread. The public operations live in {@link Operations}; this class wires the parts together,
 * receives messages and keeps the routing table fed.
 *
 * <p>Threading: every field is touched only on the scheduler's thread; public entry points hop onto
 * it with {@link Scheduler#execute}. Counters are atomics so {@link #metrics()} can be read
 * anywhere.
 */
public final class NodeCore {
  final DhtConfig config;
  final Ed25519KeyPair key;
  final NodeId id;
  final Transport transport;
  final Scheduler scheduler;
  final RoutingTable table;
  final LocalStore store;
  final Counters counters = new Counters();
  final Random random;
  final Vivaldi vivaldi;
  final RpcClient rpc;
  private final RequestHandler handler;
  private final Set<NodeId> pingingHeads = new HashSet<>(0);
  private final Operations operations;
  private final Maintenance maintenance;
  private volatile Coordinate published = Coordinate.ORIGIN;
  private volatile boolean closed;

  private NodeCore(DhtConfig config, Ed25519KeyPair key, Transport transport, Scheduler scheduler) {
    this.config = config;
    this.key = key;
    this.id = NodeId.of(key.publicKey());
    this.transport = transport;
    this.scheduler = scheduler;
    this.table = new RoutingTable(id, config.k(), scheduler.nanoTime());
    this.store = new LocalStore(config.maxEntries(), config.maxTtlMillis());
    // Seeded from the id so a simulation replays identically; request ids need not be secret
    // because the transport authenticates every response.
    this.random = new Random(id.hashCode() ^ 0x5DEECE66DL);
    this.vivaldi = new Vivaldi(random);
    this.rpc =
        new RpcClient(
            transport,
            scheduler,
            counters,
            random,
            config.rpcTimeoutMillis() * 1_000_000L,
            config.rpcRetries());
    this.handler =
        new RequestHandler(
            table, store, counters, vivaldi::coordinate, scheduler::currentTimeMillis, config.k());
    this.operations = new Operations(this);
    this.maintenance = new Maintenance(this);
  }

  /** Creates the node, registers it with the transport and starts maintenance. */
  public static NodeCore start(
      DhtConfig config, Ed25519KeyPair key, Transport transport, Scheduler scheduler) {
    NodeCore core = new NodeCore(config, key, transport, scheduler);
    transport.receiver(core::receive);
    scheduler.execute(core.maintenance::start);
    return core;
  }

  public NodeId id() {
    return id;
  }

  public PeerAddress self() {
    return new PeerAddress(id, transport.localAddress());
  }

  /** The coordinate as last published by the node's thread; readable anywhere. */
  public Coordinate coordinate() {
    return published;
  }

  private void receive(InetSocketAddress from, NodeId sender, Message message) {
    if (closed) {
      return;
    }
    if (message instanceof Request request) {
      observe(new PeerAddress(sender, from));
      transport.send(from, sender, handler.answer(request));
    } else {
      rpc.onResponse(from, sender, (Response) message);
    }
  }

  /**
   * Sends a request to a peer; on an answer the peer enters the routing table and the round trip
   * refines the Vivaldi coordinate.
   */
  void call(
      InetSocketAddress to,
      NodeId expected,
      LongFunction<Request> request,
      CallStats stats,
      RpcClient.Callback callback) {
    rpc.call(
        to,
        expected,
        request,
        stats,
        new RpcClient.Callback() {
          @Override
          public void onResponse(PeerAddress from, Response response, long rttNanos) {
            observe(from);
            vivaldi.observe(response.coordinate(), rttNanos / 1e6);
            published = vivaldi.coordinate();
            callback.onResponse(from, response, rttNanos);
          }

          @Override
          public void onFailure() {
            if (expected != null) {
              table.remove(expected);
            }
            callback.onFailure();
          }
        });
  }

  void call(
      PeerAddress peer, LongFunction<Request> request, CallStats stats, RpcClient.Callback cb) {
    call(peer.address(), peer.id(), request, stats, cb);
  }

  /**
   * Kademlia's table update: a new peer goes in if its bucket has room; if full, the bucket's
   * least-recently-seen peer is pinged and replaced only if it does not answer.
   */
  void observe(PeerAddress peer) {
    Contact contact = new Contact(peer.id(), peer.address(), scheduler.nanoTime());
    Observation observation = table.observe(contact);
    if (observation instanceof Observation.Added) {
      maintenance.handOver(peer);
    } else if (observation instanceof Observation.BucketFull full) {
      pingHead(full);
    }
  }

  private void pingHead(Observation.BucketFull full) {
    Contact head = full.head();
    if (!pingingHeads.add(head.id())) {
      return;
    }
    CallStats stats = new CallStats(scheduler.nanoTime());
    rpc.call(
        head.address(),
        head.id(),
        Ping::new,
        stats,
        new RpcClient.Callback() {
          @Override
          public void onResponse(PeerAddress from, Response response, long rttNanos) {
            pingingHeads.remove(head.id());
            table.observe(new Contact(from.id(), from.address(), scheduler.nanoTime()));
          }

          @Override
          public void onFailure() {
            pingingHeads.remove(head.id());
            if (table.evict(head.id(), full.candidate())) {
              maintenance.handOver(
                  new PeerAddress(full.candidate().id(), full.candidate().address()));
            }
          }
        });
  }

  /** Runs a task on the node's thread and hands its future back, failing it if the node closed. */
  <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("DHT node is closed"));
      return result;
    }
    scheduler.execute(
        () -> {
          if (closed) {
            result.completeExceptionally(new IllegalStateException("DHT node is closed"));
            return;
          }
          try {
            task.get()
                .whenComplete(
                    (value, error) -> {
                      if (error != null) {
                        result.completeExceptionally(error);
                      } else {
                        result.complete(value);
                      }
                    });
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  public Operations operations() {
    return operations;
  }

  Maintenance maintenance() {
    return maintenance;
  }

  boolean isClosed() {
    return closed;
  }

  public DhtMetrics metrics() {
    return new DhtMetrics(
        table.size(),
        store.size(),
        counters.requestsReceived.get(),
        counters.requestsSent.get(),
        counters.timeouts.get(),
        counters.refusals(),
        counters.forgedReceived.get());
  }

  /** Stops timers and fails pending calls; the transport is closed too. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Runnable stop =
        () -> {
          maintenance.stop();
          rpc.failAll();
          transport.close();
        };
    if (scheduler.inOwnThread()) {
      stop.run();
    } else {
      scheduler.execute(stop);
    }
  }

  /** The routing table's k closest peers to a target, for lookups to start from. */
  List<PeerAddress> closestKnown(NodeId target) {
    return RequestHandler.peers(table.closest(target, config.k()));
  }
}
