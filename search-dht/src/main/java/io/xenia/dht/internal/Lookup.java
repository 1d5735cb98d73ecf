package io.xenia.dht.internal;

import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.wire.Request;
import io.xenia.dht.wire.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One iterative Kademlia lookup (Maymounkov and Mazières §2.3): keep a shortlist of the closest
 * peers seen, keep α requests in flight to the closest not yet asked, and stop when the k closest
 * live peers have all answered, or earlier when the {@link Handler} says it found what it wanted.
 *
 * <p>Loose parallelism: a new request goes out as soon as any answer arrives rather than in lock
 * step, so one slow peer does not hold a round back; once an answer brings nothing closer, all of
 * the k closest not yet asked are asked together, as in the paper's final round. Rounds are counted
 * as hops: a peer learned from an answer of a hop-h peer is at hop h + 1, and the lookup's rounds
 * are the deepest hop that answered.
 *
 * <p>Not thread-safe: runs on the node's thread.
 */
final class Lookup {
  /** Decides what a response means for the lookup. */
  interface Handler {
    /** Peers the response says are closer to the target. */
    List<PeerAddress> closerPeers(Response response);

    /** True if the lookup has what it wanted and should stop now. */
    boolean satisfied(PeerAddress from, Response response);

    /**
     * True if the lookup must establish the k closest (FIND_NODE), so its final step asks all of
     * them at once; false for value lookups, which usually end at the first holder and would only
     * waste that burst.
     */
    default boolean exhaustive() {
      return true;
    }
  }

  /** Sends one request of the lookup. */
  interface Caller {
    void call(
        PeerAddress peer, LongFunction<Request> request, CallStats stats, RpcClient.Callback cb);
  }

  private enum State {
    NEW,
    WAITING,
    ANSWERED,
    FAILED
  }

  private static final class Candidate {
    final PeerAddress peer;
    final int hop;
    State state = State.NEW;

    Candidate(PeerAddress peer, int hop) {
      this.peer = peer;
      this.hop = hop;
    }
  }

  private final NodeId self;
  private final NodeId target;
  private final int k;
  private final int alpha;
  private final Caller caller;
  private final LongFunction<Request> request;
  private final Handler handler;
  private final CallStats stats;
  private final Consumer<List<PeerAddress>> onDone;
  private final List<Candidate> shortlist = new ArrayList<>();
  private final Set<NodeId> seen = new HashSet<>();
  private int inFlight;
  private boolean done;
  // Set when an answer brought nothing closer than the closest peer already known: from then on
  // every unasked peer among the k closest is asked at once (Kademlia's final step), which cuts the
  // sequential depth of the lookup's tail.
  private boolean converging;

  Lookup(
      NodeId self,
      NodeId target,
      int k,
      int alpha,
      Caller caller,
      LongFunction<Request> request,
      Handler handler,
      CallStats stats,
      Consumer<List<PeerAddress>> onDone) {
    this.self = self;
    this.target = target;
    this.k = k;
    this.alpha = alpha;
    this.caller = caller;
    this.request = request;
    this.handler = handler;
    this.stats = stats;
    this.onDone = onDone;
  }

  /** Starts from the given peers (usually the routing table's closest to the target). */
  void start(List<PeerAddress> initial) {
    for (PeerAddress peer : initial) {
      add(peer, 1);
    }
    pump();
  }

  private void add(PeerAddress peer, int hop) {
    if (peer.id().equals(self) || !seen.add(peer.id())) {
      return;
    }
    Candidate candidate = new Candidate(peer, hop);
    int i = shortlist.size();
    while (i > 0 && target.compareDistances(shortlist.get(i - 1).peer.id(), peer.id()) > 0) {
      i--;
    }
    shortlist.add(i, candidate);
  }

  private void pump() {
    if (done) {
      return;
    }
    int live = 0;
    int limit = converging ? k : alpha;
    for (int i = 0; i < shortlist.size() && inFlight < limit; i++) {
      Candidate c = shortlist.get(i);
      if (c.state == State.FAILED) {
        continue;
      }
      if (live++ >= k) {
        break;
      }
      if (c.state == State.NEW) {
        send(c);
      }
    }
    if (inFlight == 0) {
      finish();
    }
  }

  private void send(Candidate c) {
    c.state = State.WAITING;
    inFlight++;
    caller.call(
        c.peer,
        request,
        stats,
        new RpcClient.Callback() {
          @Override
          public void onResponse(PeerAddress from, Response response, long rttNanos) {
            inFlight--;
            c.state = State.ANSWERED;
            if (done) {
              return;
            }
            stats.reachedRound(c.hop);
            if (handler.satisfied(from, response)) {
              finish();
              return;
            }
            NodeId closestBefore = shortlist.get(0).peer.id();
            for (PeerAddress peer : handler.closerPeers(response)) {
              add(peer, c.hop + 1);
            }
            if (handler.exhaustive() && shortlist.get(0).peer.id().equals(closestBefore)) {
              converging = true;
            }
            pump();
          }

          @Override
          public void onFailure() {
            inFlight--;
            c.state = State.FAILED;
            pump();
          }
        });
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    List<PeerAddress> closest = new ArrayList<>(k);
    for (Candidate c : shortlist) {
      if (c.state == State.ANSWERED && closest.size() < k) {
        closest.add(c.peer);
      }
    }
    onDone.accept(closest);
  }
}
