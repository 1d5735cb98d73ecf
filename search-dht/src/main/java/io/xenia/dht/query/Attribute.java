package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes an offer can be queried on, with their value types and units.
 *
 * <p>Numeric attributes are compared in a canonical unit: {@code mem} in MiB, {@code disk} in GiB,
 * {@code net} in Mbps. A number written without a unit is already in the canonical unit. {@code
 * price} is money per hour as an exact decimal; the query carries no currency because an index
 * holds offers priced in a single settlement currency, and mixing currencies in a filter would make
 * comparisons meaningless.
 */
public enum Attribute {
  CPU("cpu", Kind.COUNT, "", Map.of()),
  MEM("mem", Kind.DECIMAL, "MiB", Units.bytes(1L << 20)),
  DISK("disk", Kind.DECIMAL, "GiB", Units.bytes(1L << 30)),
  NET("net", Kind.DECIMAL, "Mbps", Units.bandwidth()),
  GPU_COUNT("gpu.count", Kind.COUNT, "", Map.of()),
  GPU_MODEL("gpu.model", Kind.WORD, "", Map.of()),
  PRICE("price", Kind.DECIMAL, "", Map.of()),
  REGION("region", Kind.GLOB_WORD, "", Map.of()),
  TEE("tee", Kind.WORD, "", Map.of()),
  IMAGE("image", Kind.WORD, "", Map.of()),
  BOOT("boot", Kind.WORD, "", Map.of());

  /** How an attribute's values are written and compared. */
  enum Kind {
    /** A non-negative whole number without units. */
    COUNT,
    /** A non-negative exact decimal, optionally with a unit. */
    DECIMAL,
    /** A word compared exactly. */
    WORD,
    /** A word that may also be matched with a {@code *} glob. */
    GLOB_WORD
  }

  private final String id;
  private final Kind kind;
  private final String canonicalUnit;
  private final Map<String, BigDecimal> units;

  Attribute(String id, Kind kind, String canonicalUnit, Map<String, BigDecimal> units) {
    this.id = id;
    this.kind = kind;
    this.canonicalUnit = canonicalUnit;
    this.units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
  }

  /** The name as written in queries and in candidate attribute maps, e.g. {@code gpu.count}. */
  public String id() {
    return id;
  }

  /** True for attributes whose values are numbers (and so accept {@code < <= > >=}). */
  public boolean isNumeric() {
    return switch (kind) {
      case COUNT, DECIMAL -> true;
      case WORD, GLOB_WORD -> false;
    };
  }

  /** True if the attribute accepts {@code *} globs with {@code =} and {@code !=}. */
  public boolean allowsGlobs() {
    return kind == Kind.GLOB_WORD;
  }

  /** True if numbers must be whole. */
  boolean isIntegral() {
    return kind == Kind.COUNT;
  }

  /** The unit numbers are normalised to; empty for unitless attributes. */
  public String canonicalUnit() {
    return canonicalUnit;
  }

  /** Accepted units mapped to how many canonical units one of them is. */
  Map<String, BigDecimal> units() {
    return units;
  }

  /** The attribute called {@code id}, if any. */
  public static Optional<Attribute> byId(String id) {
    return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
  }

  /** All attribute names, for error messages. */
  static List<String> ids() {
    return Arrays.stream(values()).map(Attribute::id).toList();
  }
}
