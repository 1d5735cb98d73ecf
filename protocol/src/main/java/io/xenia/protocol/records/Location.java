package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import java.util.Optional;

/**
 * Where a machine is.
 *
 * @param region a region slug like {@code "eu-west-1"}: lowercase letters and digits in words
 *     joined by '-', at most 64 characters
 * @param geohash optionally, a geohash (1-12 characters of the geohash base32 alphabet) as precise
 *     as the owner cares to disclose
 */
public record Location(String region, Optional<String> geohash) {

  /** Validates both fields. */
  public Location {
    RecordChecks.slug(region, "region");
    requireNonNull(geohash, "geohash is null (use Optional.empty())");
    geohash.ifPresent(g -> RecordChecks.geohash(g, "geohash"));
  }

  /** A location with only a region. */
  public static Location region(String region) {
    return new Location(region, Optional.empty());
  }

  /** {@code {"geohash":"u0yj","region":"eu-west-1"}}; geohash omitted when absent. */
  public CanonicalValue toCanonical() {
    CanonicalObject.Builder b = CanonicalObject.builder().put("region", region);
    geohash.ifPresent(g -> b.put("geohash", g));
    return b.build();
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  public static Location fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "location"));
  }

  static Location read(FieldReader r) {
    String region = r.string("region", v -> RecordChecks.slug(v, "region"));
    Optional<String> geohash = r.optionalString("geohash", v -> RecordChecks.geohash(v, "geohash"));
    return r.build(() -> new Location(region, geohash));
  }
}
