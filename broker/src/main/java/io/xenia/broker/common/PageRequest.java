package io.xenia.broker.common;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated cursor over rows ordered by their time-ordered id: the page starts after {@code
 * after} and holds at most {@code limit} rows.
 */
public record PageRequest(Optional<UUID> after, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Parses the query parameters; a bad token or limit is a {@code validation-failed} problem. */
  public static PageRequest of(String pageToken, Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw XeniaException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (pageToken == null || pageToken.isEmpty()) {
      return new PageRequest(Optional.empty(), size);
    }
    try {
      return new PageRequest(Optional.of(UUID.fromString(pageToken)), size);
    } catch (IllegalArgumentException e) {
      throw new XeniaException(
              ProblemType.VALIDATION_FAILED, "pageToken is not a token this API issued")
          .withFieldError("pageToken", "unknown page token");
    }
  }

  /** Rows to fetch: one more than the page, to know whether another page follows. */
  public int fetchSize() {
    return limit + 1;
  }
}
