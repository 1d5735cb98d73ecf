package io.xenia.protocol.records;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import java.time.Instant;

/** When an agreed lease ends: at a fixed instant, or open-ended until either party ends it. */
public sealed interface LeaseEnd {

  /** {@code {"kind":"fixed","notAfter":"..."}} or {@code {"kind":"open"}}. */
  CanonicalValue toCanonical();

  /**
   * The lease ends at a fixed instant.
   *
   * @param notAfter the last instant of the lease (exclusive end), millisecond precision
   */
  record Fixed(Instant notAfter) implements LeaseEnd {
    /** Normalizes to milliseconds. */
    public Fixed {
      notAfter = RecordChecks.instant(notAfter, "notAfter");
    }

    @Override
    public CanonicalValue toCanonical() {
      return CanonicalObject.builder().put("kind", "fixed").put("notAfter", notAfter).build();
    }
  }

  /** The lease runs until the customer or the host ends it under the agreed terms. */
  record OpenEnded() implements LeaseEnd {
    @Override
    public CanonicalValue toCanonical() {
      return CanonicalObject.builder().put("kind", "open").build();
    }
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  static LeaseEnd fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "end"));
  }

  /** Reads either form, refusing unknown kinds. */
  static LeaseEnd read(FieldReader r) {
    String kind = r.string("kind");
    return switch (kind) {
      case "fixed" -> {
        Instant notAfter = r.instant("notAfter");
        yield r.build(() -> new Fixed(notAfter));
      }
      case "open" -> r.build(OpenEnded::new);
      default -> throw r.error("kind", "must be \"fixed\" or \"open\", not \"" + kind + "\"");
    };
  }
}
