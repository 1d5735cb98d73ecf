package io.xenia.broker.idempotency;

import io.xenia.broker.problems.XeniaException;
import java.util.Optional;

/**
 * The value of an {@code Idempotency-Key} header (IETF draft-ietf-httpapi-idempotency-key-header):
 * 1 to 255 printable ASCII characters, chosen by the client, unique per account and operation it
 * wants done once.
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";

  public IdempotencyKey {
    if (value == null
        || value.isEmpty()
        || value.length() > 255
        || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw XeniaException.invalidField(HEADER, "must be 1 to 255 printable ASCII characters");
    }
  }

  /** Absent when the header was not sent. */
  public static Optional<IdempotencyKey> ofHeader(String header) {
    return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header));
  }
}
