package io.xenia.billing.rating;

import io.xenia.protocol.records.UsageQuantities;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The units an agreement may price per unit of use ({@code PriceList.perUnit} keys), each tied to
 * the quantity hosts measure and to how many measured base units make one priced unit. A key that
 * is not here cannot be rated: such a record goes to the dead letters ({@code unknown-unit}) rather
 * than being charged without it.
 */
public enum UsageUnit {
  /** Per GiB sent from the machine. */
  EGRESS_GIB("egress-gib", UsageQuantities::networkEgressBytes, 1L << 30),
  /** Per GiB received by the machine. */
  INGRESS_GIB("ingress-gib", UsageQuantities::networkIngressBytes, 1L << 30),
  /** Per CPU-core-hour used. */
  CPU_CORE_HOUR("cpu-core-hour", UsageQuantities::cpuSeconds, 3600),
  /** Per GiB of memory held for an hour. */
  MEMORY_GIB_HOUR("memory-gib-hour", UsageQuantities::memoryMiBSeconds, 1024L * 3600);

  private final String slug;
  private final ToLongFunction<UsageQuantities> measured;
  private final long basePerUnit;

  UsageUnit(String slug, ToLongFunction<UsageQuantities> measured, long basePerUnit) {
    this.slug = slug;
    this.measured = measured;
    this.basePerUnit = basePerUnit;
  }

  /** The key in a price list's {@code perUnit}, and the component name on invoices. */
  public String slug() {
    return slug;
  }

  /** The measured quantity, in base units (bytes, seconds, MiB-seconds). */
  public long measured(UsageQuantities quantities) {
    return measured.applyAsLong(quantities);
  }

  /** How many base units make one priced unit. */
  public long basePerUnit() {
    return basePerUnit;
  }

  public static Optional<UsageUnit> fromSlug(String slug) {
    return Arrays.stream(values()).filter(u -> u.slug.equals(slug)).findFirst();
  }
}
