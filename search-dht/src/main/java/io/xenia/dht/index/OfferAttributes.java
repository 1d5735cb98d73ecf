package io.xenia.dht.index;

import io.xenia.dht.query.Attribute;
import io.xenia.dht.query.Compare;
import io.xenia.dht.query.Matches;
import io.xenia.dht.query.Op;
import io.xenia.dht.query.Predicate;
import io.xenia.protocol.records.Advertisement;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What an advertisement means to the query language, evaluated exactly. Resource attributes are the
 * <em>available</em> resources (what a customer can lease now); {@code price} is the hourly price
 * as an exact decimal; {@code tee}, {@code image} and {@code boot} are sets: {@code =}, {@code in}
 * and globs ask that some member matches, {@code !=} that no member does. A missing value (no GPU
 * model, an empty set) fails every predicate on it, as {@link Predicate} prescribes.
 */
final class OfferAttributes {
  private OfferAttributes() {}

  /** True if the ad satisfies the predicate. */
  static boolean test(Predicate predicate, Advertisement ad) {
    Object value = value(predicate.attribute(), ad);
    if (value == null) {
      return false;
    }
    if (value instanceof Set<?> members) {
      if (members.isEmpty()) {
        return false;
      }
      boolean negative =
          (predicate instanceof Compare c && c.op() == Op.NE)
              || (predicate instanceof Matches m && m.negated());
      if (negative) {
        return members.stream().allMatch(predicate::accepts);
      }
      return members.stream().anyMatch(predicate::accepts);
    }
    return predicate.accepts(value);
  }

  /**
   * The ad's value of an attribute: a number in the canonical unit, a string, a set of strings, or
   * null when the ad does not state it.
   */
  static Object value(Attribute attribute, Advertisement ad) {
    return switch (attribute) {
      case CPU -> ad.available().cpuCores();
      case MEM -> ad.available().memoryMiB();
      case DISK -> ad.available().diskGiB();
      case NET -> ad.available().networkMbps();
      case GPU_COUNT -> ad.available().gpuCount();
      case GPU_MODEL -> ad.available().gpuModel().isEmpty() ? null : ad.available().gpuModel();
      case PRICE -> BigDecimal.valueOf(ad.prices().perHour().micros(), 6);
      case REGION -> ad.location().region();
      case TEE -> ad.capabilities().teeKinds();
      case IMAGE -> ad.capabilities().images();
      case BOOT -> ad.capabilities().bootMethods();
      // Host attributes: an offer query never names them (the parser refuses them).
      case STATUS,
          OWNER,
          NAME,
          CPU_LOAD,
          MEM_USED,
          DISK_FREE,
          MACHINES_TOTAL,
          MACHINES_LEASED,
          MACHINES_FREE,
          MACHINES_FAILED,
          VERSION,
          UPTIME,
          SILENCE ->
          null;
    };
  }
}
