package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes offers and hosts can be queried on, with their value types and units; {@link
 * Vocabulary} says which belong to which query language.
 *
 * <p>Numeric attributes are compared in a canonical unit: {@code mem} in MiB, {@code disk} in GiB,
 * {@code net} in Mbps. A number written without a unit is already in the canonical unit. {@code
 * price} is money per hour as an exact decimal; the query carries no currency because an index
 * holds offers priced in a single settlement currency, and mixing currencies in a filter would make
 * comparisons meaningless.
 */
public enum Attribute {
  CPU("cpu", Kind.COUNT, "", Map.of(), Vocabulary.OFFERS, Vocabulary.HOSTS),
  MEM("mem", Kind.DECIMAL, "MiB", Units.bytes(1L << 20), Vocabulary.OFFERS, Vocabulary.HOSTS),
  DISK("disk", Kind.DECIMAL, "GiB", Units.bytes(1L << 30), Vocabulary.OFFERS),
  NET("net", Kind.DECIMAL, "Mbps", Units.bandwidth(), Vocabulary.OFFERS),
  GPU_COUNT("gpu.count", Kind.COUNT, "", Map.of(), Vocabulary.OFFERS),
  GPU_MODEL("gpu.model", Kind.WORD, "", Map.of(), Vocabulary.OFFERS),
  PRICE("price", Kind.DECIMAL, "", Map.of(), Vocabulary.OFFERS),
  REGION("region", Kind.GLOB_WORD, "", Map.of(), Vocabulary.OFFERS, Vocabulary.HOSTS),
  TEE("tee", Kind.WORD, "", Map.of(), Vocabulary.OFFERS),
  IMAGE("image", Kind.WORD, "", Map.of(), Vocabulary.OFFERS),
  BOOT("boot", Kind.WORD, "", Map.of(), Vocabulary.OFFERS),
  // Host attributes (fleet queries, docs/fleet.md): what a host's last heartbeat and its
  // enrollment say. cpu and mem above mean the host's cores and total memory there.
  /** The host's liveness: up, suspect, down or revoked. */
  STATUS("status", Kind.WORD, "", Map.of(), Vocabulary.HOSTS),
  /** The host operator's account id. */
  OWNER("owner", Kind.WORD, "", Map.of(), Vocabulary.HOSTS),
  /** The host's name at enrollment. */
  NAME("name", Kind.GLOB_WORD, "", Map.of(), Vocabulary.HOSTS),
  /** The 1-minute load average divided by the number of cores (1 = every core busy). */
  CPU_LOAD("cpu.load", Kind.DECIMAL, "", Map.of(), Vocabulary.HOSTS),
  /** The fraction of memory in use (0..1). */
  MEM_USED("mem.used", Kind.DECIMAL, "", Map.of(), Vocabulary.HOSTS),
  /** Free space where the daemon keeps its state, in GiB. */
  DISK_FREE("disk.free", Kind.DECIMAL, "GiB", Units.bytes(1L << 30), Vocabulary.HOSTS),
  MACHINES_TOTAL("machines.total", Kind.COUNT, "", Map.of(), Vocabulary.HOSTS),
  /** Machines bound to a session (claimed, provisioning, running, releasing). */
  MACHINES_LEASED("machines.leased", Kind.COUNT, "", Map.of(), Vocabulary.HOSTS),
  /** Machines ready to be claimed. */
  MACHINES_FREE("machines.free", Kind.COUNT, "", Map.of(), Vocabulary.HOSTS),
  MACHINES_FAILED("machines.failed", Kind.COUNT, "", Map.of(), Vocabulary.HOSTS),
  /** The daemon's version. */
  VERSION("version", Kind.GLOB_WORD, "", Map.of(), Vocabulary.HOSTS),
  /** Seconds since the host booted. */
  UPTIME("uptime", Kind.DECIMAL, "s", Units.durations(), Vocabulary.HOSTS),
  /** Seconds since the host's last accepted heartbeat (or its enrollment). */
  SILENCE("silence", Kind.DECIMAL, "s", Units.durations(), Vocabulary.HOSTS);

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
  private final Set<Vocabulary> vocabularies;

  Attribute(
      String id,
      Kind kind,
      String canonicalUnit,
      Map<String, BigDecimal> units,
      Vocabulary first,
      Vocabulary... more) {
    this.id = id;
    this.vocabularies = Collections.unmodifiableSet(EnumSet.of(first, more));
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

  /** The query languages that know this attribute. */
  public Set<Vocabulary> vocabularies() {
    return vocabularies;
  }

  /** The offer attribute called {@code id}, if any. */
  public static Optional<Attribute> byId(String id) {
    return byId(id, Vocabulary.OFFERS);
  }

  /** The attribute called {@code id} in {@code vocabulary}, if any. */
  public static Optional<Attribute> byId(String id, Vocabulary vocabulary) {
    return Arrays.stream(values())
        .filter(a -> a.id.equals(id) && a.vocabularies.contains(vocabulary))
        .findFirst();
  }

  /** The attribute names of {@code vocabulary}, for error messages. */
  static List<String> ids(Vocabulary vocabulary) {
    return vocabulary.attributes().stream().map(Attribute::id).toList();
  }
}
