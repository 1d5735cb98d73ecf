package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A JSON object. Members are kept sorted by key in UTF-16 code-unit order, which is both {@link
 * String#compareTo} and the order RFC 8785 prescribes, so iteration order is encoding order.
 *
 * @param members the members, copied into an unmodifiable sorted map
 */
public record CanonicalObject(SortedMap<String, CanonicalValue> members) implements CanonicalValue {

  /** Copies and sorts the members; keys must be well-formed strings and values non-null. */
  public CanonicalObject {
    requireNonNull(members, "members is null");
    TreeMap<String, CanonicalValue> copy = new TreeMap<>();
    for (Map.Entry<String, CanonicalValue> e : members.entrySet()) {
      new CanonicalString(requireNonNull(e.getKey(), "key is null"));
      copy.put(e.getKey(), requireNonNull(e.getValue(), "value of \"" + e.getKey() + "\" is null"));
    }
    members = Collections.unmodifiableSortedMap(copy);
  }

  /** The member with this key, or null. */
  public CanonicalValue get(String key) {
    return members.get(key);
  }

  @Override
  public String kind() {
    return "object";
  }

  /** A builder that refuses duplicate keys. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects members; each {@code put} refuses a key that is already present. */
  public static final class Builder {
    private final TreeMap<String, CanonicalValue> members = new TreeMap<>();

    private Builder() {}

    /** Adds any value. */
    public Builder put(String key, CanonicalValue value) {
      requireNonNull(key, "key is null");
      requireNonNull(value, "value of \"" + key + "\" is null");
      if (members.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("duplicate key \"" + key + "\"");
      }
      return this;
    }

    /** Adds a string. */
    public Builder put(String key, String value) {
      return put(key, new CanonicalString(requireNonNull(value, "value of " + key + " is null")));
    }

    /** Adds an integer. */
    public Builder put(String key, long value) {
      return put(key, new CanonicalInteger(value));
    }

    /** Adds a boolean. */
    public Builder put(String key, boolean value) {
      return put(key, CanonicalBoolean.of(value));
    }

    /** Adds an instant in the canonical text form of {@link CanonicalInstants}. */
    public Builder put(String key, Instant value) {
      return put(key, CanonicalInstants.format(requireNonNull(value, "value of " + key)));
    }

    /** Adds bytes as unpadded base64url. */
    public Builder putBytes(String key, byte[] value) {
      return put(key, Base64Url.encode(requireNonNull(value, "value of " + key + " is null")));
    }

    /**
     * Adds a set of strings as an array sorted in UTF-16 code-unit order, so that a set has one
     * encoding whatever its iteration order.
     */
    public Builder putStringSet(String key, Collection<String> values) {
      requireNonNull(values, "value of " + key + " is null");
      List<CanonicalValue> sorted = new ArrayList<>();
      for (String s : new TreeSet<>(values)) {
        sorted.add(new CanonicalString(s));
      }
      return put(key, new CanonicalArray(sorted));
    }

    /** The object. The builder may be reused; later changes do not affect the result. */
    public CanonicalObject build() {
      return new CanonicalObject(members);
    }
  }
}
