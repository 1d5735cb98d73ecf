package io.xenia.bench.placement;

import io.xenia.broker.sessions.Candidate;
import io.xenia.broker.sessions.GroupConstraints;
import io.xenia.broker.sessions.NoPlacementException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's {@code Placement} as it was before the placement benchmark (main at ed992fe): every
 * plan sorts all candidates. Kept verbatim as the "before" of {@link PlacementBench}.
 *
 * <p>Original documentation: Chooses machines for a request of {@code count} sessions: best fit
 * over the candidates (the smallest machine that matched — fewest cores, then least memory — so
 * bigger machines stay free for requests that need them; then the cheapest; then the machine key,
 * so equal machines are taken in a stable order), under the group's constraints. Pure: no IO, one
 * instance per request.
 *
 * <p>The caller claims one slot at a time: {@link #next()} proposes the best machine still allowed
 * for the current slot; the host's answer is reported with {@link #admitted} or {@link #refused}. A
 * refused machine is never proposed again, and a slot is never given two machines: the next slot
 * starts only after {@link #admitted}. With {@code sameRegion} the region is decided up front: the
 * region whose best {@code count} allowed machines fit best (ties: cheapest); a region that runs
 * out of machines while claiming is not swapped for another (the request fails).
 */
final class FullSortPlacement {
  /** Best fit first. */
  public static final Comparator<Candidate> BEST_FIT =
      Comparator.<Candidate>comparingInt(c -> c.advertisement().total().cpuCores())
          .thenComparingLong(c -> c.advertisement().total().memoryMiB())
          .thenComparing(Candidate::pricePerHour)
          .thenComparing(Candidate::machineKey);

  private final List<Candidate> ranked;
  private final int count;
  private final GroupConstraints constraints;
  private final Optional<String> region;
  private final List<Candidate> chosen = new ArrayList<>();
  private final Set<String> tried = new HashSet<>();

  private FullSortPlacement(
      List<Candidate> ranked, int count, GroupConstraints constraints, Optional<String> region) {
    this.ranked = ranked;
    this.count = count;
    this.constraints = constraints;
    this.region = region;
  }

  /**
   * Plans a placement, or explains why none can exist among these candidates.
   *
   * @throws NoPlacementException when fewer than {@code count} candidates (distinct owners, one
   *     region, as constrained) exist
   */
  static FullSortPlacement plan(
      List<Candidate> candidates, int count, GroupConstraints constraints) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    List<Candidate> ranked = new ArrayList<>(dedupe(candidates));
    ranked.sort(BEST_FIT);
    Optional<String> region = Optional.empty();
    if (constraints.sameRegion()) {
      Map<String, List<Candidate>> byRegion = new LinkedHashMap<>();
      for (Candidate c : ranked) {
        byRegion.computeIfAbsent(c.region(), r -> new ArrayList<>()).add(c);
      }
      region =
          byRegion.entrySet().stream()
              .filter(e -> feasible(e.getValue(), count, constraints))
              .min(
                  Comparator.<Map.Entry<String, List<Candidate>>, Candidate>comparing(
                          e -> e.getValue().get(0), BEST_FIT)
                      .thenComparing(e -> e.getKey()))
              .map(Map.Entry::getKey);
      if (region.isEmpty()) {
        throw new NoPlacementException(
            "no region has "
                + count
                + " matching machine(s)"
                + (constraints.distinctOwners() ? " of distinct owners" : "")
                + " among "
                + ranked.size()
                + " candidate(s)");
      }
    } else if (!feasible(ranked, count, constraints)) {
      throw new NoPlacementException(
          ranked.size()
              + " matching machine(s)"
              + (constraints.distinctOwners() ? " of " + owners(ranked) + " distinct owner(s)" : "")
              + " cannot hold "
              + count
              + " session(s)");
    }
    return new FullSortPlacement(List.copyOf(ranked), count, constraints, region);
  }

  /** The best machine allowed for the current slot, or empty when none is left. */
  public Optional<Candidate> next() {
    if (isComplete()) {
      return Optional.empty();
    }
    Set<String> owners = new HashSet<>();
    chosen.forEach(c -> owners.add(c.owner()));
    for (Candidate c : ranked) {
      if (tried.contains(c.machineKey())) {
        continue;
      }
      if (region.isPresent() && !region.get().equals(c.region())) {
        continue;
      }
      if (constraints.distinctOwners() && owners.contains(c.owner())) {
        continue;
      }
      return Optional.of(c);
    }
    return Optional.empty();
  }

  /** The host admitted {@code c}: it fills the current slot. */
  public void admitted(Candidate c) {
    if (isComplete()) {
      throw new IllegalStateException("every slot is filled already");
    }
    if (!tried.add(c.machineKey())) {
      throw new IllegalStateException(c.machineKey() + " was proposed before");
    }
    chosen.add(c);
  }

  /** The host refused {@code c} (or did not answer): never proposed again. */
  public void refused(Candidate c) {
    tried.add(c.machineKey());
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
    return (constraints.distinctOwners() ? owners(c) : c.size()) >= count;
  }

  private static int owners(List<Candidate> c) {
    Set<String> owners = new HashSet<>();
    c.forEach(x -> owners.add(x.owner()));
    return owners.size();
  }

  /** One candidate per machine (an index may return a machine twice across pages). */
  private static List<Candidate> dedupe(List<Candidate> candidates) {
    Map<String, Candidate> byKey = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byKey.putIfAbsent(c.machineKey(), c);
    }
    return new ArrayList<>(byKey.values());
  }
}
