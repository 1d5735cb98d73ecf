package io.xenia.broker.common;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Cuts a fetched window of rows (one more than asked) into a {@link Page}. */
public final class Pages {
  private Pages() {}

  public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, UUID> idOf) {
    if (fetched.size() <= request.limit()) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, request.limit());
    return new Page<>(items, idOf.apply(items.get(items.size() - 1)).toString());
  }
}
