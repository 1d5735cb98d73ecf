package io.xenia.broker.sessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses machines for a request of {@code count} sessions: best fit over the candidates (the
 * smallest machine that matched — fewest cores, then least memory — so bigger machines stay free
 * for requests that need them; then the cheapest; then the machine key, so equal machines are taken
 * in a stable order), under the group's constraints. Pure: no IO, one instance per request.
 *
 * <p>The caller claims one slot at a time: {@link #next()} proposes the best machine still allowed
 * for the current slot; the host's answer is reported with {@link #admitted} or {@link #refused}. A
 * refused machine is never proposed again, and a slot is never given two machines: the next slot
 * starts only after {@link #admitted}. With {@code sameRegion} the region is decided up front: the
 * region whose best {@code count} allowed machines fit best (ties: cheapest); a region that runs
 * out of machines while claiming is not swapped for another (the request fails). With an RTT bound
 * ({@link RttBound}) a group whose every pair of hosts is within it must exist among the candidates
 * (else {@link NoPlacementException} with the reason); its members are proposed first, and after a
 * refusal only machines within the bound of every member chosen so far follow.
 *
 * <p>Cost: a request claims a handful of machines out of up to {@code
 * xenia.sessions.max-candidates} (1,000), so the candidates are not sorted: they go into a heap
 * (linear on average) and {@link #next()} takes the best off it, dropping for good the machines
 * that can never be allowed again (tried ones, owners already chosen) — O(n + k log n) per request
 * instead of a full sort (PlacementBench in bench/).
 */
public final class Placement {
  /** Best fit first. */
  public static final Comparator<Candidate> BEST_FIT =
      Comparator.<Candidate>comparingInt(c -> c.advertisement().total().cpuCores())
          .thenComparingLong(c -> c.advertisement().total().memoryMiB())
          .thenComparing(Candidate::pricePerHour)
          .thenComparing(Candidate::machineKey);

  /** A machine's identity, without building {@link Candidate#machineKey()} strings. */
  private record Machine(UUID hostId, String machineId) {
    static Machine of(Candidate c) {
      return new Machine(c.hostId(), c.machineId());
    }
  }

  /** The allowed candidates, best on top; those never allowed again are dropped lazily. */
  private final PriorityQueue<Candidate> queue;

  private final int count;
  private final GroupConstraints constraints;
  private final Optional<String> region;
  private final List<Candidate> chosen = new ArrayList<>();
  private final Set<String> owners = new HashSet<>();
  private final Set<Machine> tried = new HashSet<>();
  // With an RTT bound: the group found when planning, proposed first (it is known to fit).
  private final Optional<RttBound> rtt;
  private final List<Candidate> planned;

  private Placement(
      List<Candidate> pool, int count, GroupConstraints constraints, Optional<String> region) {
    this.queue = new PriorityQueue<>(Math.max(1, pool.size()), BEST_FIT);
    this.queue.addAll(pool);
    this.count = count;
    this.constraints = constraints;
    this.region = region;
    this.rtt = rttBound(constraints);
    this.planned = rtt.isPresent() ? rttGroup(pool, count, constraints).orElseThrow() : List.of();
  }

  /**
   * Plans a placement, or explains why none can exist among these candidates.
   *
   * @throws NoPlacementException when fewer than {@code count} candidates (distinct owners, one
   *     region, as constrained) exist
   */
  public static Placement plan(
      List<Candidate> candidates, int count, GroupConstraints constraints) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    List<Candidate> unique = dedupe(candidates);
    if (constraints.sameRegion()) {
      Map<String, List<Candidate>> byRegion = new LinkedHashMap<>();
      Map<String, Candidate> bestOf = new HashMap<>();
      for (Candidate c : unique) {
        byRegion.computeIfAbsent(c.region(), r -> new ArrayList<>()).add(c);
        bestOf.merge(c.region(), c, (a, b) -> BEST_FIT.compare(b, a) < 0 ? b : a);
      }
      Optional<String> region =
          byRegion.entrySet().stream()
              .filter(e -> feasible(e.getValue(), count, constraints))
              .min(
                  Comparator.<Map.Entry<String, List<Candidate>>, Candidate>comparing(
                          e -> bestOf.get(e.getKey()), BEST_FIT)
                      .thenComparing(e -> e.getKey()))
              .map(Map.Entry::getKey);
      if (region.isEmpty()) {
        throw new NoPlacementException(
            "no region has "
                + count
                + " matching machine(s)"
                + (constraints.distinctOwners() ? " of distinct owners" : "")
                + rttClause(constraints)
                + " among "
                + unique.size()
                + " candidate(s)");
      }
      return new Placement(byRegion.get(region.get()), count, constraints, region);
    }
    if (!feasible(unique, count, constraints)) {
      if (constraints.maxRttMillis().isPresent() && counts(unique, count, constraints)) {
        throw new NoPlacementException(
            "no "
                + count
                + " of "
                + unique.size()
                + " matching machine(s)"
                + (constraints.distinctOwners() ? " of distinct owners" : "")
                + rttClause(constraints)
                + " (estimated from the hosts' network coordinates)");
      }
      throw new NoPlacementException(
          unique.size()
              + " matching machine(s)"
              + (constraints.distinctOwners() ? " of " + owners(unique) + " distinct owner(s)" : "")
              + " cannot hold "
              + count
              + " session(s)");
    }
    return new Placement(unique, count, constraints, Optional.empty());
  }

  /** The best machine allowed for the current slot, or empty when none is left. */
  public Optional<Candidate> next() {
    if (isComplete()) {
      return Optional.empty();
    }
    for (Candidate c : planned) {
      if (allowed(c)) {
        return Optional.of(c);
      }
    }
    while (!queue.isEmpty()) {
      Candidate c = queue.peek();
      // Tried machines, chosen owners and machines too far from a member stay excluded for the
      // rest of the request (members are only ever added): drop them.
      if (!allowed(c)) {
        queue.poll();
        continue;
      }
      return Optional.of(c);
    }
    return Optional.empty();
  }

  private boolean allowed(Candidate c) {
    return !tried.contains(Machine.of(c))
        && !(constraints.distinctOwners() && owners.contains(c.owner()))
        && (rtt.isEmpty() || rtt.get().fits(c, chosen));
  }

  /** The host admitted {@code c}: it fills the current slot. */
  public void admitted(Candidate c) {
    if (isComplete()) {
      throw new IllegalStateException("every slot is filled already");
    }
    if (!tried.add(Machine.of(c))) {
      throw new IllegalStateException(c.machineKey() + " was proposed before");
    }
    chosen.add(c);
    owners.add(c.owner());
  }

  /** The host refused {@code c} (or did not answer): never proposed again. */
  public void refused(Candidate c) {
    tried.add(Machine.of(c));
  }

  public boolean isComplete() {
    return chosen.size() == count;
  }

  public List<Candidate> chosen() {
    return List.copyOf(chosen);
  }

  public Optional<String> region() {
    return region;
  }

  private static boolean feasible(List<Candidate> c, int count, GroupConstraints constraints) {
    if (!counts(c, count, constraints)) {
      return false;
    }
    return constraints.maxRttMillis().isEmpty() || rttGroup(c, count, constraints).isPresent();
  }

  /** A group within the RTT bound among {@code c}; only asked when there is a bound. */
  private static Optional<List<Candidate>> rttGroup(
      List<Candidate> c, int count, GroupConstraints constraints) {
    return rttBound(constraints)
        .orElseThrow()
        .group(bestFirst(c), count, constraints.distinctOwners());
  }

  /** Enough machines (of enough owners), before any RTT bound. */
  private static boolean counts(List<Candidate> c, int count, GroupConstraints constraints) {
    return (constraints.distinctOwners() ? owners(c) : c.size()) >= count;
  }

  private static Optional<RttBound> rttBound(GroupConstraints constraints) {
    return constraints.maxRttMillis().isPresent()
        ? Optional.of(new RttBound(constraints.maxRttMillis().getAsLong()))
        : Optional.empty();
  }

  private static String rttClause(GroupConstraints constraints) {
    return constraints.maxRttMillis().isPresent()
        ? " pairwise within " + constraints.maxRttMillis().getAsLong() + " ms RTT"
        : "";
  }

  private static List<Candidate> bestFirst(List<Candidate> c) {
    List<Candidate> sorted = new ArrayList<>(c);
    sorted.sort(BEST_FIT);
    return sorted;
  }

  private static int owners(List<Candidate> c) {
    Set<String> owners = new HashSet<>();
    c.forEach(x -> owners.add(x.owner()));
    return owners.size();
  }

  /** One candidate per machine (an index may return a machine twice across pages). */
  private static List<Candidate> dedupe(List<Candidate> candidates) {
    Set<Machine> seen = new HashSet<>(candidates.size() * 2);
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      if (seen.add(Machine.of(c))) {
        out.add(c);
      }
    }
    return out;
  }
}
