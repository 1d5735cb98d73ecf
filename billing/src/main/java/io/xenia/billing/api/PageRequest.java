package io.xenia.billing.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A validated cursor (the broker's paging): the page starts after the row whose key is {@code
 * after} and holds at most {@code limit} rows. Keys are time-ordered UUIDs, or period ids.
 */
public record PageRequest(Optional<String> after, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Parses the query parameters; a bad limit is a {@code validation-failed} problem. */
  public static PageRequest of(String pageToken, Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw BillingException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (pageToken == null || pageToken.isEmpty()) {
      return new PageRequest(Optional.empty(), size);
    }
    if (pageToken.length() > 64) {
      throw unknownToken();
    }
    return new PageRequest(Optional.of(pageToken), size);
  }

  /** The cursor as a row id; the smallest id when there is none. */
  public UUID afterId() {
    if (after.isEmpty()) {
      return new UUID(0, 0);
    }
    try {
      return UUID.fromString(after.get());
    } catch (IllegalArgumentException e) {
      throw unknownToken();
    }
  }

  /** Rows to fetch: one more than the page, to know whether another page follows. */
  public int fetchSize() {
    return limit + 1;
  }

  /** Cuts a fetched window (one more than asked) into a page. */
  public <T> Page<T> page(List<T> fetched, Function<T, ?> keyOf) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(items, String.valueOf(keyOf.apply(items.get(items.size() - 1))));
  }

  private static BillingException unknownToken() {
    return new BillingException(
            ProblemType.VALIDATION_FAILED, "pageToken is not a token this API issued")
        .withFieldError("pageToken", "unknown page token");
  }
}
