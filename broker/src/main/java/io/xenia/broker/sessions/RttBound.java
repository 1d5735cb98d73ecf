package io.xenia.broker.sessions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The RTT bound between the members of a group: every pair of chosen machines' hosts within {@code
 * maxMillis} by the search index's estimates (the Vivaldi coordinates the hosts published with
 * their ads, {@code Coordinate.rttMillisTo}, as {@code rtt(...)} in queries). Two machines of one
 * host are 0 ms apart; a host without a coordinate is never within any bound (unknown is not near).
 * Pure.
 */
final class RttBound {
  private final double maxMillis;

  RttBound(long maxMillis) {
    this.maxMillis = maxMillis;
  }

  /** The estimated RTT between two candidates' hosts, or +∞ when one has no coordinate. */
  static double estimate(Candidate a, Candidate b) {
    if (a.hostId().equals(b.hostId())) {
      return 0;
    }
    if (a.coordinate().isEmpty() || b.coordinate().isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    return a.coordinate().get().rttMillisTo(b.coordinate().get());
  }

  /** True if {@code c} is within the bound of every member of {@code group}. */
  boolean fits(Candidate c, List<Candidate> group) {
    for (Candidate m : group) {
      if (estimate(c, m) > maxMillis) {
        return false;
      }
    }
    return true;
  }

  /**
   * A group of {@code count} candidates pairwise within the bound (distinct owners if asked), or
   * empty. Greedy from each anchor host in best-fit order: the anchor's best machine, then the
   * best-fitting candidates that fit every member so far. Finding the largest such group exactly is
   * a clique problem; greedy anchors find one whenever the hosts fall into clusters tighter than
   * the bound, which is what an RTT bound is for. O(hosts × candidates × count).
   *
   * @param bestFirst the candidates in best-fit order
   */
  Optional<List<Candidate>> group(List<Candidate> bestFirst, int count, boolean distinctOwners) {
    Set<UUID> anchors = new HashSet<>();
    for (Candidate anchor : bestFirst) {
      if (!anchors.add(anchor.hostId())) {
        continue; // a later machine of a tried host gives no group the first did not
      }
      List<Candidate> group = new ArrayList<>(count);
      Set<String> owners = new HashSet<>();
      group.add(anchor);
      owners.add(anchor.owner());
      for (Candidate c : bestFirst) {
        if (group.size() == count) {
          break;
        }
        if (c == anchor || (distinctOwners && owners.contains(c.owner())) || !fits(c, group)) {
          continue;
        }
        group.add(c);
        owners.add(c.owner());
      }
      if (group.size() == count) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }

  long maxMillis() {
    return (long) maxMillis;
  }
}
