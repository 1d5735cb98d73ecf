package io.xenia.dht.index;

import io.xenia.dht.query.Near;
import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.RttWithin;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The exact filter and the ranking of one search: every attribute predicate over the newest ad,
 * every {@code rtt(...)} limit over the coordinates published with it, and the rank key (price, or
 * estimated RTT to the {@code near} host, or else the largest estimated RTT to the {@code rtt}
 * hosts).
 */
final class Evaluation {
  private final List<Predicate> predicates;
  private final List<ProximityTerm> proximity;
  private final Map<String, Coordinate> references;

  Evaluation(
      List<Predicate> predicates, List<ProximityTerm> proximity, Map<String, Coordinate> refs) {
    this.predicates = predicates;
    this.proximity = proximity;
    this.references = refs;
  }

  boolean matches(Candidate c) {
    for (Predicate p : predicates) {
      if (!OfferAttributes.test(p, c.ad())) {
        return false;
      }
    }
    for (ProximityTerm t : proximity) {
      if (!accepts(t, c)) {
        return false;
      }
    }
    return true;
  }

  /** True if the candidate passes one term ({@code near} always passes: it only ranks). */
  boolean accepts(ProximityTerm term, Candidate c) {
    if (term instanceof RttWithin r) {
      return r.accepts(maxRtt(r.hostIds(), c));
    }
    return true;
  }

  /** The largest estimated RTT from the candidate's host to any of the hosts. */
  double maxRtt(List<String> hosts, Candidate c) {
    double max = 0;
    for (String h : hosts) {
      max = Math.max(max, c.coordinate().rttMillisTo(references.get(h)));
    }
    return max;
  }

  /** The RTT estimate the ranking uses, if it ranks by proximity. */
  OptionalDouble rankingRtt(Candidate c) {
    for (ProximityTerm t : proximity) {
      if (t instanceof Near n) {
        return OptionalDouble.of(c.coordinate().rttMillisTo(references.get(n.hostId())));
      }
    }
    for (ProximityTerm t : proximity) {
      if (t instanceof RttWithin r) {
        return OptionalDouble.of(maxRtt(r.hostIds(), c));
      }
    }
    return OptionalDouble.empty();
  }

  RankKey rankKey(Candidate c) {
    long price = c.ad().prices().perHour().micros();
    OptionalDouble rtt = rankingRtt(c);
    long primary =
        rtt.isPresent() ? Double.doubleToLongBits(Math.max(0, rtt.getAsDouble())) : price;
    return new RankKey(primary, price, c.machineKey());
  }

  Offer offer(Candidate c) {
    return new Offer(
        c.ad(), c.envelope(), c.ad().prices().perHour(), c.coordinate(), rankingRtt(c));
  }
}
