package io.xenia.bench.placement;

import io.xenia.broker.sessions.Candidate;
import io.xenia.broker.sessions.GroupConstraints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The baseline: no ranking — the candidates in the order the scan found them, the first one still
 * allowed by distinct owners, and, with same region, in the first chosen machine's region (decided
 * by the first machine, not up front). What any placement must at least pay: matching the query
 * over the catalogue and claiming.
 */
final class FirstFit implements Planner.Plan {
  static final Planner PLANNER = FirstFit::new;

  private final List<Candidate> candidates;
  private final int count;
  private final boolean distinctOwners;
  private final boolean sameRegion;
  private final List<Candidate> chosen = new ArrayList<>();
  private final Set<String> owners = new HashSet<>();
  private int position;

  private FirstFit(List<Candidate> candidates, int count, GroupConstraints constraints) {
    this.candidates = candidates;
    this.count = count;
    this.distinctOwners = constraints.distinctOwners();
    this.sameRegion = constraints.sameRegion();
  }

  @Override
  public Optional<Candidate> next() {
    while (chosen.size() < count && position < candidates.size()) {
      Candidate c = candidates.get(position);
      boolean ownerOk = !distinctOwners || !owners.contains(c.owner());
      boolean regionOk =
          !sameRegion || chosen.isEmpty() || chosen.get(0).region().equals(c.region());
      if (ownerOk && regionOk) {
        return Optional.of(c);
      }
      position++;
    }
    return Optional.empty();
  }

  @Override
  public void admitted(Candidate c) {
    chosen.add(c);
    owners.add(c.owner());
    position++;
  }

  @Override
  public void refused(Candidate c) {
    position++;
  }

  @Override
  public boolean isComplete() {
    return chosen.size() == count;
  }

  @Override
  public List<Candidate> chosen() {
    return chosen;
  }
}
