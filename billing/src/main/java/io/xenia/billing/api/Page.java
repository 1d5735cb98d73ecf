package io.xenia.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of a list, as the broker's: pass {@code nextPageToken} as {@code pageToken} to get the
 * next page; it is absent on the last page. An empty page still has its (empty) {@code items}.
 */
@Serdeable
public record Page<T>(
    @JsonInclude(JsonInclude.Include.ALWAYS) List<T> items, @Nullable String nextPageToken) {
  public Page {
    items = List.copyOf(items);
  }
}
