package io.xenia.dht.index;

import io.xenia.dht.query.Attribute;
import io.xenia.dht.query.Compare;
import io.xenia.dht.query.Matches;
import io.xenia.dht.query.Near;
import io.xenia.dht.query.Op;
import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.RttWithin;
import io.xenia.protocol.records.Advertisement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brute force: every live ad, each predicate evaluated through {@link Query#matches} on an
 * attribute map built independently of the index (price from the decimal string), sets by hand.
 */
final class Oracle {
  private Oracle() {}

  /** Machine keys of the matches, in the expected rank order. */
  static List<String> expect(IndexCluster c, Query q, Instant now) {
    return expect(c.live, c, q, now);
  }

  /** Over any set of live ads; {@code c} only for coordinates (queries with proximity terms). */
  static List<String> expect(
      Map<String, Advertisement> live, IndexCluster c, Query q, Instant now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Advertisement> e : live.entrySet()) {
      Advertisement ad = e.getValue();
      if (ad.isValidAt(now)
          && matches(q.predicates(), ad)
          && (q.proximity().isEmpty() || withinRtt(c, q, e.getKey()))) {
        out.add(e.getKey());
      }
    }
    Near near = null;
    RttWithin rtt = null;
    for (ProximityTerm t : q.proximity()) {
      if (t instanceof Near n && near == null) {
        near = n;
      } else if (t instanceof RttWithin r && rtt == null) {
        rtt = r;
      }
    }
    Near n = near;
    RttWithin r = rtt;
    Comparator<String> byPrice =
        Comparator.comparingLong(k -> live.get(k).prices().perHour().micros());
    Comparator<String> order =
        n != null
            ? Comparator.comparingDouble((String k) -> rtt(c, k, n.hostId()))
            : r != null ? Comparator.comparingDouble((String k) -> maxRtt(c, k, r)) : null;
    order = order == null ? byPrice : order.thenComparing(byPrice);
    out.sort(order.thenComparing(Comparator.naturalOrder()));
    return out;
  }

  static boolean matches(List<Predicate> predicates, Advertisement ad) {
    Map<String, Object> single = new HashMap<>();
    single.put("cpu", ad.available().cpuCores());
    single.put("mem", ad.available().memoryMiB());
    single.put("disk", ad.available().diskGiB());
    single.put("net", ad.available().networkMbps());
    single.put("gpu.count", ad.available().gpuCount());
    if (!ad.available().gpuModel().isEmpty()) {
      single.put("gpu.model", ad.available().gpuModel());
    }
    single.put("price", new BigDecimal(ad.prices().perHour().amount()));
    single.put("region", ad.location().region());
    Map<String, Set<String>> sets =
        Map.of(
            "tee", ad.capabilities().teeKinds(),
            "image", ad.capabilities().images(),
            "boot", ad.capabilities().bootMethods());
    for (Predicate p : predicates) {
      Attribute a = p.attribute();
      if (sets.containsKey(a.id())) {
        Set<String> members = sets.get(a.id());
        boolean negative =
            (p instanceof Compare cmp && cmp.op() == Op.NE)
                || (p instanceof Matches m && m.negated());
        boolean ok =
            !members.isEmpty()
                && (negative
                    ? members.stream().allMatch(p::accepts)
                    : members.stream().anyMatch(p::accepts));
        if (!ok) {
          return false;
        }
      } else if (!new Query(List.of(p)).matches(single)) {
        return false;
      }
    }
    return true;
  }

  private static boolean withinRtt(IndexCluster c, Query q, String machineKey) {
    for (ProximityTerm t : q.proximity()) {
      if (t instanceof RttWithin r && !r.accepts(maxRtt(c, machineKey, r))) {
        return false;
      }
    }
    return true;
  }

  static double rtt(IndexCluster c, String machineKey, String host) {
    return c.adCoordinate.get(machineKey).rttMillisTo(c.hostCoordinate.get(host));
  }

  static double maxRtt(IndexCluster c, String machineKey, RttWithin r) {
    double max = 0;
    for (String h : r.hostIds()) {
      max = Math.max(max, rtt(c, machineKey, h));
    }
    return max;
  }
}
