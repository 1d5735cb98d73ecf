package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed, path-aware access to the members of a {@link CanonicalObject}, for {@code fromCanonical}
 * methods. Every failure is a {@link RecordFormatException} naming the field's path. {@link
 * #finish()} refuses members nobody asked for, so a misspelled or unexpected field is an error
 * rather than silently signed-but-ignored data.
 */
public final class FieldReader {
  private final CanonicalObject object;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private FieldReader(CanonicalObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * A reader over a value that must be an object.
   *
   * @param path the name used for it in error messages, e.g. {@code "advertisement"}
   */
  public static FieldReader of(CanonicalValue value, String path) {
    requireNonNull(path, "path is null");
    requireNonNull(value, "value is null");
    if (!(value instanceof CanonicalObject o)) {
      throw new RecordFormatException(path, "expected an object, found " + value.kind());
    }
    return new FieldReader(o, path);
  }

  /** The dotted path of a member of this object. */
  public String path(String key) {
    return path + "." + key;
  }

  /** An error about a member of this object. */
  public RecordFormatException error(String key, String problem) {
    return new RecordFormatException(path(key), problem);
  }

  /** The keys of all members, sorted. Does not count as reading them. */
  public Set<String> keys() {
    return object.members().keySet();
  }

  /** True if the member is present. Does not count as reading it. */
  public boolean has(String key) {
    return object.members().containsKey(key);
  }

  /** A required member of any kind. */
  public CanonicalValue value(String key) {
    return optionalValue(key).orElseThrow(() -> error(key, "is missing"));
  }

  /** An optional member of any kind. */
  public Optional<CanonicalValue> optionalValue(String key) {
    read.add(key);
    return Optional.ofNullable(object.get(key));
  }

  /** A required string. */
  public String string(String key) {
    return asString(key, value(key));
  }

  /** An optional string. */
  public Optional<String> optionalString(String key) {
    return optionalValue(key).map(v -> asString(key, v));
  }

  /**
   * A required string converted by a parser, e.g. {@code Money.parse}; the parser's {@link
   * IllegalArgumentException} becomes a {@link RecordFormatException} naming this field.
   */
  public <T> T string(String key, Function<String, T> parser) {
    String s = string(key);
    try {
      return parser.apply(s);
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(path(key), e.getMessage(), e);
    }
  }

  /**
   * The record built from the fields read so far: first {@link #finish()}, then the constructor,
   * whose cross-field {@link IllegalArgumentException} (like "available exceeds total") becomes a
   * {@link RecordFormatException} naming this object.
   */
  public <T> T build(Supplier<T> constructor) {
    finish();
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(path, e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code version} field and refuses any but the supported one.
   *
   * @throws UnsupportedVersionException for another version
   */
  public int version(int supported) {
    long version = integer("version");
    if (version != supported) {
      throw new UnsupportedVersionException(path("version"), version, supported);
    }
    return supported;
  }

  /**
   * An optional string converted by a parser, with errors as in {@link #string(String, Function)}.
   */
  public <T> Optional<T> optionalString(String key, Function<String, T> parser) {
    Optional<String> s = optionalString(key);
    try {
      return s.map(parser);
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(path(key), e.getMessage(), e);
    }
  }

  /** A required integer. */
  public long integer(String key) {
    CanonicalValue v = value(key);
    if (!(v instanceof CanonicalInteger i)) {
      throw error(key, "expected an integer, found " + v.kind());
    }
    return i.value();
  }

  /** A required integer within [min, max]. */
  public long integer(String key, long min, long max) {
    long value = integer(key);
    if (value < min || value > max) {
      throw error(key, value + " is outside " + min + ".." + max);
    }
    return value;
  }

  /** A required boolean. */
  public boolean bool(String key) {
    CanonicalValue v = value(key);
    if (!(v instanceof CanonicalBoolean b)) {
      throw error(key, "expected a boolean, found " + v.kind());
    }
    return b.value();
  }

  /** A required instant in canonical form. */
  public Instant instant(String key) {
    String s = string(key);
    try {
      return CanonicalInstants.parse(s);
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(path(key), e.getMessage(), e);
    }
  }

  /** Required bytes in unpadded base64url. */
  public byte[] bytes(String key) {
    String s = string(key);
    try {
      return Base64Url.decode(s);
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(path(key), e.getMessage(), e);
    }
  }

  /** A required object, as a reader whose errors carry the longer path. */
  public FieldReader object(String key) {
    return FieldReader.of(value(key), path(key));
  }

  /** An optional object. */
  public Optional<FieldReader> optionalObject(String key) {
    return optionalValue(key).map(v -> FieldReader.of(v, path(key)));
  }

  /** A required array. */
  public List<CanonicalValue> array(String key) {
    CanonicalValue v = value(key);
    if (!(v instanceof CanonicalArray a)) {
      throw error(key, "expected an array, found " + v.kind());
    }
    return a.elements();
  }

  /**
   * A required set of strings: an array sorted in UTF-16 code-unit order without duplicates (the
   * one encoding {@link CanonicalObject.Builder#putStringSet} produces), each element checked.
   */
  public SortedSet<String> stringSet(String key, Function<String, String> checkElement) {
    TreeSet<String> result = new TreeSet<>();
    String previous = null;
    List<CanonicalValue> elements = array(key);
    for (int i = 0; i < elements.size(); i++) {
      String element = asString(key + "[" + i + "]", elements.get(i));
      if (previous != null && previous.compareTo(element) >= 0) {
        throw error(key, "must be sorted and without duplicates (at index " + i + ")");
      }
      try {
        result.add(checkElement.apply(element));
      } catch (IllegalArgumentException e) {
        throw new RecordFormatException(path(key + "[" + i + "]"), e.getMessage(), e);
      }
      previous = element;
    }
    return Collections.unmodifiableSortedSet(result);
  }

  /**
   * Refuses any member that was not read.
   *
   * @throws RecordFormatException naming the unknown members
   */
  public void finish() {
    List<String> unknown = new ArrayList<>();
    for (String key : object.members().keySet()) {
      if (!read.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new RecordFormatException(path, "unknown field(s) " + unknown);
    }
  }

  private String asString(String key, CanonicalValue v) {
    if (!(v instanceof CanonicalString s)) {
      throw error(key, "expected a string, found " + v.kind());
    }
    return s.value();
  }
}
