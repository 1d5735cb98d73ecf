package io.xenia.bench.placement;

import io.xenia.broker.sessions.Candidate;
import io.xenia.broker.sessions.GroupConstraints;
import io.xenia.broker.sessions.Placement;
import java.util.List;
import java.util.Optional;

/** One way to choose machines for a request: the protocol of the broker's {@link Placement}. */
interface Planner {
  /** A plan for one request; throws {@code NoPlacementException} when none can exist. */
  Plan plan(List<Candidate> candidates, int count, GroupConstraints constraints);

  /** Next / admitted / refused, as {@link Placement} offers them. */
  interface Plan {
    Optional<Candidate> next();

    void admitted(Candidate c);

    void refused(Candidate c);

    boolean isComplete();

    List<Candidate> chosen();
  }

  /** The broker's placement core as it is on this branch. */
  Planner BROKER =
      (candidates, count, constraints) -> {
        Placement p = Placement.plan(candidates, count, constraints);
        return new Plan() {
          public Optional<Candidate> next() {
            return p.next();
          }

          public void admitted(Candidate c) {
            p.admitted(c);
          }

          public void refused(Candidate c) {
            p.refused(c);
          }

          public boolean isComplete() {
            return p.isComplete();
          }

          public List<Candidate> chosen() {
            return p.chosen();
          }
        };
      };

  /** The placement core before this benchmark: a full sort of the candidates per request. */
  Planner FULL_SORT =
      (candidates, count, constraints) -> {
        FullSortPlacement p = FullSortPlacement.plan(candidates, count, constraints);
        return new Plan() {
          public Optional<Candidate> next() {
            return p.next();
          }

          public void admitted(Candidate c) {
            p.admitted(c);
          }

          public void refused(Candidate c) {
            p.refused(c);
          }

          public boolean isComplete() {
            return p.isComplete();
          }

          public List<Candidate> chosen() {
            return p.chosen();
          }
        };
      };
}
